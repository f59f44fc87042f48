namespace Dlnet.Int8;

/// <summary>
/// State of health at the boundary of the integer model: int16 codes with SOH = 1 + code / 2^15, so codes
/// cover [0, 2) in steps of 3.05e-5. Rounding one value moves it by at most 1.5e-5, two orders below the
/// forecast errors of interest (1e-4 to 1e-3), and errors that small add in quadrature to them. Centring on 1
/// gives one more bit than a plain Q2.14 with the same int16 and the same useful range.
/// </summary>
public static class SohCodes
{
    public const int FractionBits = 15;

    /// <summary>SOH units per code: 2^-15.</summary>
    public const double Scale = 1.0 / (1 << FractionBits);

    /// <summary>round((soh - 1) 2^15), saturated to int16 (SOH outside [0, 2) is clamped).</summary>
    public static short Encode(double soh)
    {
        if (double.IsNaN(soh)) throw new ArgumentException("SOH is NaN", nameof(soh));
        return (short)Math.Clamp(Math.Round((soh - 1) / Scale, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue);
    }

    public static double Decode(short code) => 1 + code * Scale;
}
