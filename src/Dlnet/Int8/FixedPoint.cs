namespace Dlnet.Int8;

/// <summary>
/// The fixed-point primitives of integer inference (gemmlowp / TensorFlow Lite definitions): a real
/// multiplier M is stored as a 32-bit significand m in [2^30, 2^31) and a power-of-two exponent, so
/// M = m * 2^(shift - 31); x * M is a rounding doubling high multiply followed by a rounding right shift.
/// The C runtime (<c>runtime/src/dlnet_fixed_point.h</c>) implements the same functions bit for bit.
/// </summary>
public static class FixedPoint
{
    /// <summary>Largest exponent <see cref="QuantizeMultiplier"/> returns: multipliers below 2^30.</summary>
    public const int MaxShift = 30;

    /// <summary>Smallest exponent: multipliers below 2^-32 round to zero (multiplier 0, shift 0).</summary>
    public const int MinShift = -31;

    /// <summary>
    /// Splits <paramref name="realMultiplier"/> (finite, in [0, 2^30)) into a Q31 significand and a
    /// power-of-two exponent: realMultiplier ~= multiplier * 2^(shift - 31), multiplier in [2^30, 2^31 - 1].
    /// Zero gives (0, 0). A significand that rounds up to 2^31 is halved and the exponent raised, so exact
    /// powers of two come out as (2^30, k + 1). Multipliers whose exponent would fall below -31 become (0, 0).
    /// </summary>
    public static (int Multiplier, int Shift) QuantizeMultiplier(double realMultiplier)
    {
        if (!double.IsFinite(realMultiplier) || realMultiplier < 0)
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "multiplier must be finite and non-negative");
        if (realMultiplier == 0) return (0, 0);

        // frexp: realMultiplier = q * 2^shift with q in [0.5, 1).
        int shift = Math.ILogB(realMultiplier) + 1;
        double q = Math.ScaleB(realMultiplier, -shift);
        long qFixed = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
        if (qFixed == 1L << 31)
        {
            qFixed /= 2;
            shift++;
        }
        if (shift < MinShift) return (0, 0);
        if (shift > MaxShift)
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, $"multiplier must be below 2^{MaxShift}");
        return ((int)qFixed, shift);
    }

    /// <summary>
    /// As <see cref="QuantizeMultiplier"/> for a signed multiplier: the significand carries the sign
    /// (in [-(2^31 - 1), 2^31 - 1]). Used where a per-channel coefficient may be negative.
    /// </summary>
    public static (int Multiplier, int Shift) QuantizeSignedMultiplier(double realMultiplier)
    {
        var (m, s) = QuantizeMultiplier(Math.Abs(realMultiplier));
        return (realMultiplier < 0 ? -m : m, s);
    }

    /// <summary>
    /// a * b / 2^31 rounded to nearest with ties towards +infinity (the nudge is added before a division
    /// that truncates towards zero), saturated: the one overflowing case a = b = int.MinValue gives int.MaxValue.
    /// </summary>
    public static int SaturatingRoundingDoublingHighMul(int a, int b)
    {
        if (a == b && a == int.MinValue) return int.MaxValue;
        long ab = (long)a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int)((ab + nudge) / (1L << 31)); // division truncates toward zero, as in C99
    }

    /// <summary>x / 2^exponent rounded to nearest, ties away from zero; <paramref name="exponent"/> in [0, 31].</summary>
    public static int RoundingDivideByPowerOfTwo(int x, int exponent)
    {
        if ((uint)exponent > 31) throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "exponent must be in [0, 31]");
        int mask = (int)((1u << exponent) - 1u);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /// <summary>
    /// x * multiplier * 2^(shift - 31) with TensorFlow Lite's double rounding: a left shift for a positive
    /// <paramref name="shift"/> (saturated to int32, where TensorFlow Lite leaves overflow undefined), the
    /// rounding doubling high multiply, then a rounding right shift for a negative one.
    /// <paramref name="shift"/> in [-31, 30].
    /// </summary>
    public static int MultiplyByQuantizedMultiplier(int x, int multiplier, int shift)
    {
        if (shift < MinShift || shift > MaxShift) throw new ArgumentOutOfRangeException(nameof(shift), shift, "shift must be in [-31, 30]");
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        int shifted = SaturateToInt32((long)x << leftShift);
        return RoundingDivideByPowerOfTwo(SaturatingRoundingDoublingHighMul(shifted, multiplier), rightShift);
    }

    /// <summary>Largest accumulator magnitude <see cref="MultiplyByQuantizedMultiplier(long, int, int)"/> takes: 2^47.</summary>
    public const long MaxWideAccumulator = 1L << 47;

    /// <summary>Largest shift of the 64-bit requantisation: 15 (so that at least 16 bits are shifted out).</summary>
    public const int MaxWideShift = 15;

    /// <summary>
    /// The 64-bit accumulator requantisation of the int16 x int16 kernels, with a single rounding:
    /// floor((x * multiplier + 2^(n-1)) / 2^n) with n = 31 - shift (nearest, ties towards +infinity), saturated
    /// to int32. <paramref name="x"/> is first clamped to [-2^47, 2^47 - 1]; <paramref name="shift"/> in [-31, 15].
    /// </summary>
    public static int MultiplyByQuantizedMultiplier(long x, int multiplier, int shift)
    {
        if (shift < MinShift || shift > MaxWideShift) throw new ArgumentOutOfRangeException(nameof(shift), shift, "shift must be in [-31, 15]");
        x = Math.Clamp(x, -MaxWideAccumulator, MaxWideAccumulator - 1);
        int n = 31 - shift;
        Int128 rounded = ((Int128)x * multiplier + (Int128.One << (n - 1))) >> n; // Int128 >> is arithmetic: floor
        return (int)Int128.Clamp(rounded, int.MinValue, int.MaxValue);
    }

    /// <summary>Clamps to [-128, 127].</summary>
    public static sbyte SaturateToInt8(long x) => (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Clamps to [-32768, 32767].</summary>
    public static short SaturateToInt16(long x) => (short)Math.Clamp(x, short.MinValue, short.MaxValue);

    /// <summary>Clamps to the int32 range.</summary>
    public static int SaturateToInt32(long x) => (int)Math.Clamp(x, int.MinValue, int.MaxValue);
}
