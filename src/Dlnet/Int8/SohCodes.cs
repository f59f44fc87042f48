namespace Dlnet.Int8;

/// <summary>
/// State of health at the boundary of the integer model: int16 codes with SOH = 1 + code / 2^16, so codes
/// cover [0.5, 1.5) in steps of 1.53e-5. Rounding one value moves it by at most 7.6e-6. The step matters: the
/// network reads the window's shape, and on the smoothed MIT-Stanford cells rounding the inputs to 2^-15 cost the
/// final students 1-3% of test1 and 6-11% of test2 MAE, to 2^-16 under 1% and 2%. [0.5, 1.5) holds every cell's
/// life (end of life is usually 0.8) with room above a fresh cell's 1.0 to 1.1.
/// </summary>
public static class SohCodes
{
    public const int FractionBits = 16;

    /// <summary>SOH units per code: 2^-16.</summary>
    public const double Scale = 1.0 / (1 << FractionBits);

    /// <summary>The lowest SOH a code holds, 0.5 (code -32768).</summary>
    public const double Lowest = 1 + short.MinValue * Scale;

    /// <summary>The end of the codes' range, 1.5 (exclusive: the largest code is 1.5 - 2^-16).</summary>
    public const double End = 1 - short.MinValue * Scale;

    /// <summary>Codes per SOH unit, 2^16, as the C side writes it.</summary>
    public const int PerUnit = 1 << FractionBits;

    /// <summary>The codes' range as documentation and messages write it: "[0.5, 1.5)".</summary>
    public static string RangeText { get; } = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{Lowest}, {End})");

    /// <summary>round((soh - 1) 2^16), saturated to int16 (SOH outside [0.5, 1.5) is clamped).</summary>
    public static short Encode(double soh)
    {
        if (double.IsNaN(soh)) throw new ArgumentException("SOH is NaN", nameof(soh));
        return (short)Math.Clamp(Math.Round((soh - 1) / Scale, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue);
    }

    public static double Decode(short code) => 1 + code * Scale;
}
