namespace Dlnet.Int8;

/// <summary>
/// 1/sqrt(d) of a positive 64-bit integer as a quantised multiplier, with integer operations only
/// (C: <c>dlnet_inverse_sqrt_s64</c>): the per-sample factor of the integer layer norm. d is scaled by an
/// even power of two into m = d 4^j in [2^60, 2^62), s = floor(sqrt(m)) is found digit by digit (exact),
/// and 1/sqrt(d) = 2^j / sqrt(m) ~= round(2^61 / s) 2^(j - 61). The result is within 2^-29 of 1/sqrt(d),
/// relatively, in the convention of <see cref="FixedPoint.QuantizeMultiplier"/>: multiplier in [2^30, 2^31),
/// 1/sqrt(d) ~= multiplier 2^(shift - 31).
/// </summary>
public static class InverseSquareRoot
{
    /// <summary>Largest argument accepted: 2^62 - 1.</summary>
    public const long MaxArgument = (1L << 62) - 1;

    /// <summary>(multiplier, shift) with 1/sqrt(d) ~= multiplier 2^(shift - 31); d in [1, 2^62 - 1].</summary>
    public static (int Multiplier, int Shift) Compute(long d)
    {
        if (d < 1 || d > MaxArgument) throw new ArgumentOutOfRangeException(nameof(d), d, "argument must be in [1, 2^62 - 1]");
        int j = 0;
        ulong m = (ulong)d;
        while (m < 1UL << 60)
        {
            m <<= 2;
            j++;
        }
        ulong s = FloorSqrt(m); // [2^30, 2^31)
        ulong q = ((1UL << 61) + s / 2) / s; // (2^30, 2^31]
        int shift = j - 30;
        if (q == 1UL << 31)
        {
            q >>= 1;
            shift++;
        }
        return ((int)q, shift);
    }

    /// <summary>floor(sqrt(m)) by the digit-by-digit method: exact, 31 steps for m below 2^62.</summary>
    public static ulong FloorSqrt(ulong m)
    {
        ulong root = 0, bit = 1UL << 62;
        while (bit > m) bit >>= 2;
        while (bit != 0)
        {
            if (m >= root + bit)
            {
                m -= root + bit;
                root = (root >> 1) + bit;
            }
            else
            {
                root >>= 1;
            }
            bit >>= 2;
        }
        return root;
    }
}
