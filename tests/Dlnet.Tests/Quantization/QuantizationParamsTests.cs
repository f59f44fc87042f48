using Dlnet.Int8;

namespace Dlnet.Tests.Quantization;

public class QuantizationParamsTests
{
    [Theory]
    [InlineData(-1.0, 1.0, 2.0 / 255, -1)]  // zero point -128 + 127.5 rounds away from zero
    [InlineData(0.0, 1.0, 1.0 / 255, -128)]
    [InlineData(0.5, 2.0, 2.0 / 255, -128)] // widened down to 0
    [InlineData(-2.0, -1.0, 2.0 / 255, 127)] // widened up to 0
    [InlineData(-3.0, 1.0, 4.0 / 255, 63)]  // -128 + 191.25
    public void AsymmetricInt8FromCalibratedRange(double min, double max, double scale, int zeroPoint)
    {
        var p = QuantizationParams.FromMinMaxInt8(min, max);
        Assert.Equal(scale, p.Scale, 15);
        Assert.Equal(zeroPoint, p.ZeroPoint);
    }

    [Fact]
    public void ZeroIsExactAndTheRangeIsCoveredWithinAStep()
    {
        var rng = new Random(3);
        for (int i = 0; i < 1000; i++)
        {
            double a = rng.NextDouble() * 10 - 5, b = rng.NextDouble() * 10 - 5;
            var p = QuantizationParams.FromMinMaxInt8(Math.Min(a, b), Math.Max(a, b));
            Assert.Equal(p.ZeroPoint, p.QuantizeInt8(0));
            Assert.Equal(0, p.Dequantize(p.ZeroPoint));
            Assert.True(p.Dequantize(-128) <= Math.Min(Math.Min(a, b), 0) + p.Scale);
            Assert.True(p.Dequantize(127) >= Math.Max(Math.Max(a, b), 0) - p.Scale);
        }
    }

    [Fact]
    public void SymmetricParamsHaveZeroPointZero()
    {
        var p8 = QuantizationParams.SymmetricInt8(2.54);
        Assert.Equal((0.02, 0), (Math.Round(p8.Scale, 12), p8.ZeroPoint));
        Assert.Equal(127, p8.QuantizeInt8(2.54));
        Assert.Equal(-127, p8.QuantizeInt8(-2.54));
        var p16 = QuantizationParams.SymmetricInt16(1.0);
        Assert.Equal(1.0 / 32767, p16.Scale);
        Assert.Equal(short.MaxValue, p16.QuantizeInt16(1.0));
        Assert.Equal(short.MinValue, p16.QuantizeInt16(-5.0)); // saturates
    }

    [Fact]
    public void DegenerateRangesGetAUsableScale()
    {
        Assert.Equal(new QuantizationParams(1.0, 0), QuantizationParams.FromMinMaxInt8(0, 0));
        Assert.Equal(1.0, QuantizationParams.SymmetricInt16(0).Scale);
        Assert.Throws<ArgumentException>(() => QuantizationParams.FromMinMaxInt8(1, -1));
        Assert.Throws<ArgumentException>(() => QuantizationParams.FromMinMaxInt8(double.NaN, 1));
    }
}
