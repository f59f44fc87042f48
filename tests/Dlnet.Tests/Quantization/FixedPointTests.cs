using System.Numerics;
using Dlnet.Int8;

namespace Dlnet.Tests.Quantization;

public class FixedPointTests
{
    [Theory]
    [InlineData(0.0, 0, 0)]
    [InlineData(1.0, 1 << 30, 1)]          // exact powers of two: significand 2^30
    [InlineData(0.5, 1 << 30, 0)]
    [InlineData(0.25, 1 << 30, -1)]
    [InlineData(0.75, 1610612736, 0)]      // 0.75 * 2^31
    [InlineData(1.0 / 3, 1431655765, -1)]  // (2/3) * 2^31 = 1431655765.33 rounds down
    [InlineData(0.1, 1717986918, -3)]      // 0.8 * 2^31 = 1717986918.4
    [InlineData(536870912.0, 1 << 30, 30)] // 2^29, the largest power of two accepted
    public void QuantizeMultiplierMatchesHandComputedValues(double real, int multiplier, int shift)
    {
        Assert.Equal((multiplier, shift), FixedPoint.QuantizeMultiplier(real));
    }

    [Fact]
    public void SignificandRoundingUpToTwoToThe31IsHalvedAndTheShiftRaised()
    {
        // 1 - 2^-33 = q 2^0 with q * 2^31 = 2^31 - 1/4, which rounds to 2^31.
        Assert.Equal((1 << 30, 1), FixedPoint.QuantizeMultiplier(1 - Math.ScaleB(1, -33)));
        // Just below the rounding boundary the significand is the largest int32.
        Assert.Equal((int.MaxValue, 0), FixedPoint.QuantizeMultiplier(Math.ScaleB(int.MaxValue, -31)));
    }

    [Fact]
    public void TinyMultipliersKeepTheSmallestShiftOrBecomeZero()
    {
        Assert.Equal((1 << 30, -31), FixedPoint.QuantizeMultiplier(Math.ScaleB(1, -32)));
        Assert.Equal((0, 0), FixedPoint.QuantizeMultiplier(Math.ScaleB(1, -33)));
        Assert.Equal((0, 0), FixedPoint.QuantizeMultiplier(double.Epsilon));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.5)]
    [InlineData(1073741824.0)] // 2^30 needs shift 31
    public void QuantizeMultiplierRejectsValuesOutsideItsRange(double real)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint.QuantizeMultiplier(real));
    }

    [Fact]
    public void QuantizedMultiplierIsWithinHalfAStepOfTheReal()
    {
        var rng = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            double real = Math.Exp(rng.NextDouble() * 30 - 20); // e^-20 .. e^10, inside [2^-32, 2^30)
            var (m, s) = FixedPoint.QuantizeMultiplier(real);
            Assert.InRange(m, 1 << 30, int.MaxValue);
            double step = Math.ScaleB(1, s - 31);
            Assert.True(Math.Abs(m * step - real) <= step / 2, $"{real}: {m} * 2^({s} - 31)");
        }
    }

    [Fact]
    public void SignedMultiplierCarriesTheSign()
    {
        Assert.Equal((-1610612736, 0), FixedPoint.QuantizeSignedMultiplier(-0.75));
        Assert.Equal((1610612736, 0), FixedPoint.QuantizeSignedMultiplier(0.75));
    }

    [Theory]
    [InlineData(int.MinValue, int.MinValue, int.MaxValue)] // the one overflow saturates
    [InlineData(1 << 30, 1 << 30, 1 << 29)]
    [InlineData(3, 1 << 30, 2)]    // 1.5 -> 2
    [InlineData(-3, 1 << 30, -1)]  // -1.5 -> -1: ties go towards +infinity
    [InlineData(1, 1 << 30, 1)]    // 0.5 -> 1
    [InlineData(-1, 1 << 30, 0)]   // -0.5 -> 0
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue - 1)]
    [InlineData(int.MinValue, int.MaxValue, int.MinValue + 1)]
    public void SaturatingRoundingDoublingHighMulMatchesHandComputedValues(int a, int b, int expected)
    {
        Assert.Equal(expected, FixedPoint.SaturatingRoundingDoublingHighMul(a, b));
        Assert.Equal(expected, FixedPoint.SaturatingRoundingDoublingHighMul(b, a));
    }

    [Theory]
    [InlineData(5, 1, 3)]     // 2.5 -> 3
    [InlineData(-5, 1, -3)]   // -2.5 -> -3: ties away from zero
    [InlineData(7, 2, 2)]     // 1.75
    [InlineData(-7, 2, -2)]
    [InlineData(-6, 2, -2)]   // -1.5 -> -2
    [InlineData(6, 2, 2)]
    [InlineData(int.MinValue, 0, int.MinValue)]
    [InlineData(int.MinValue, 31, -1)]
    [InlineData(int.MaxValue, 31, 1)]
    [InlineData(-1, 31, 0)]
    public void RoundingDivideByPowerOfTwoMatchesHandComputedValues(int x, int exponent, int expected)
    {
        Assert.Equal(expected, FixedPoint.RoundingDivideByPowerOfTwo(x, exponent));
    }

    [Theory]
    [InlineData(100, 1 << 30, 0, 50)]
    [InlineData(101, 1 << 30, 0, 51)]                       // 50.5 -> 51
    [InlineData(5, 1 << 30, -1, 2)]                         // 1.25 rounds twice: 2.5 -> 3, then 1.5 -> 2
    [InlineData(int.MaxValue, 1 << 30, 1, 1 << 30)]         // the left shift saturates before the multiply
    [InlineData(1000, 1 << 30, 4, 8000)]                    // 1000 * 0.5 * 16
    [InlineData(int.MinValue, 1 << 30, -31, -1)]            // -2^30 exactly, then -0.5 -> -1 (ties away from zero)
    public void MultiplyByQuantizedMultiplierMatchesHandComputedValues(int x, int multiplier, int shift, int expected)
    {
        Assert.Equal(expected, FixedPoint.MultiplyByQuantizedMultiplier(x, multiplier, shift));
    }

    /// <summary>
    /// An independent oracle for the double rounding: exact integer arithmetic with explicit floor division.
    /// </summary>
    static int Reference(int x, int multiplier, int shift)
    {
        BigInteger shifted = BigInteger.Max(int.MinValue, BigInteger.Min(int.MaxValue, (BigInteger)x << Math.Max(shift, 0)));
        BigInteger high = shifted == int.MinValue && multiplier == int.MinValue
            ? int.MaxValue
            : FloorDiv(shifted * multiplier + (BigInteger.One << 30), BigInteger.One << 31); // round half up
        int right = Math.Max(-shift, 0);
        if (right == 0) return (int)high;
        BigInteger divisor = BigInteger.One << right;
        BigInteger twice = 2 * BigInteger.Abs(high) + divisor; // round half away from zero
        BigInteger magnitude = FloorDiv(twice, 2 * divisor);
        return (int)(high < 0 ? -magnitude : magnitude);
    }

    static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierAgreesWithExactArithmetic()
    {
        var rng = new Random(11);
        int[] edges = [int.MinValue, int.MinValue + 1, -1, 0, 1, int.MaxValue];
        for (int i = 0; i < 100_000; i++)
        {
            int x = i % 3 == 0 ? edges[rng.Next(edges.Length)] : (int)rng.NextInt64(int.MinValue, (long)int.MaxValue + 1);
            int m = i % 5 == 0 ? edges[rng.Next(edges.Length)] : (int)rng.NextInt64(int.MinValue, (long)int.MaxValue + 1);
            int s = rng.Next(FixedPoint.MinShift, FixedPoint.MaxShift + 1);
            Assert.True(Reference(x, m, s) == FixedPoint.MultiplyByQuantizedMultiplier(x, m, s), $"x={x} m={m} s={s}");
        }
    }

    [Fact]
    public void MultiplyByQuantizedMultiplierIsWithinOneOfTheRealProduct()
    {
        var rng = new Random(13);
        for (int i = 0; i < 10_000; i++)
        {
            double real = Math.Exp(rng.NextDouble() * 20 - 20);
            var (m, s) = FixedPoint.QuantizeMultiplier(real);
            int x = rng.Next(-(1 << 24), 1 << 24);
            double exact = x * (m * Math.ScaleB(1, s - 31));
            Assert.True(Math.Abs(FixedPoint.MultiplyByQuantizedMultiplier(x, m, s) - exact) <= 1, $"x={x} real={real}");
        }
    }
}

public class WideRequantizationTests
{
    [Theory]
    [InlineData(3L, 1 << 30, 0, 2)]                        // 1.5 -> 2
    [InlineData(-3L, 1 << 30, 0, -1)]                      // -1.5 -> -1: ties towards +infinity
    [InlineData(5L, 1 << 30, -1, 1)]                       // 1.25 -> 1: one rounding (the 32-bit path gives 2)
    [InlineData(100_000L, 1717986918, -3, 10_000)]         // x 0.1
    [InlineData(1L << 47, 1 << 30, 15, int.MaxValue)]      // clamped to 2^47 - 1, then saturated
    [InlineData(long.MinValue, int.MaxValue, 0, int.MinValue)]
    [InlineData(-65536L, 1 << 30, -15, -1)]                // -2^16 * 2^-16 = -1 exactly
    [InlineData(98304L, 1 << 30, -15, 2)]                  // 1.5 -> 2
    public void MatchesHandComputedValues(long x, int multiplier, int shift, int expected)
    {
        Assert.Equal(expected, FixedPoint.MultiplyByQuantizedMultiplier(x, multiplier, shift));
    }

    [Fact]
    public void AgreesWithTheRealProductWithinHalfAStep()
    {
        var rng = new Random(17);
        for (int i = 0; i < 10_000; i++)
        {
            double real = Math.Exp(rng.NextDouble() * 20 - 30);
            var (m, s) = FixedPoint.QuantizeMultiplier(real);
            long x = rng.NextInt64(-(1L << 40), 1L << 40);
            double exact = (double)x * m * Math.ScaleB(1, s - 31);
            Assert.True(Math.Abs(FixedPoint.MultiplyByQuantizedMultiplier(x, m, s) - exact) <= 0.5 + 1e-6 * Math.Abs(exact), $"x={x} real={real}");
        }
    }

    [Fact]
    public void RejectsShiftsAboveFifteen()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint.MultiplyByQuantizedMultiplier(1L, 1 << 30, 16));
    }
}
