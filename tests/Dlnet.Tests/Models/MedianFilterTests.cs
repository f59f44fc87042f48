using CsCheck;
using Dlnet.Int8;
using Dlnet.Series;

namespace Dlnet.Tests.Models;

public sealed class MedianFilterTests
{
    [Fact]
    public void EachValueIsTheMedianOfTheWholeWindowAroundItSlidInwardAtTheEnds()
    {
        Gen.Int[3, 40].SelectMany(n => Gen.Double[-1, 1].Array[n].Select(Gen.Int[1, 3].Select(k => 2 * k + 1).Where(w => w <= n), (x, w) => (x, w)))
            .Sample(c =>
            {
                var y = new double[c.x.Length];
                MedianFilter.Apply<double>(c.x, y, c.w);
                for (int i = 0; i < y.Length; i++)
                {
                    int start = Math.Clamp(i - c.w / 2, 0, c.x.Length - c.w);
                    var window = c.x[start..(start + c.w)].Order().ToArray();
                    Assert.Equal(window[c.w / 2], y[i]);
                }
            });
    }

    [Fact]
    public void FilteringCodesGivesTheCodesOfTheFilteredValues()
    {
        // Why the integer model may filter its int16 SOH codes and still match the float model bit for bit.
        Gen.Double[0.6, 1.1].Array[5, 120].Sample(x =>
        {
            var filtered = new double[x.Length];
            MedianFilter.Apply<double>(x, filtered, 5);
            var codes = x.Select(SohCodes.Encode).ToArray();
            var filteredCodes = new short[x.Length];
            MedianFilter.Apply<short>(codes, filteredCodes, 5);
            Assert.Equal(filtered.Select(SohCodes.Encode), filteredCodes);
        });
    }

    [Fact]
    public void ASpikeIsRemovedAnywhereAndASmoothRunIsLeftAsItIs()
    {
        var fade = Enumerable.Range(0, 30).Select(i => 1 - 0.001 * i).ToArray();
        var y = new double[fade.Length];
        MedianFilter.Apply<double>(fade, y, 5);
        Assert.Equal(fade[2..^2], y[2..^2]);

        foreach (int at in new[] { 0, 1, 14, 28, 29 })
        {
            var spiky = (double[])fade.Clone();
            spiky[at] += 0.05;
            MedianFilter.Apply<double>(spiky, y, 5);
            Assert.True(y.Max() <= 1 + 1e-12, $"spike at {at} passed the filter");
            // What replaces it is a neighbour: one step of the fade at most, three where the window slid inward (two for the slide).
            for (int i = 0; i < y.Length; i++)
                Assert.True(Math.Abs(y[i] - fade[i]) <= (i < 2 || i >= y.Length - 2 ? 0.003 : 0.001) + 1e-12, $"spike at {at}: value {i} moved by {y[i] - fade[i]}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(-3)]
    [InlineData(17)]
    [InlineData(11)] // wider than the 10 values
    public void WidthsThatAreNoFilterAreRefused(int width)
    {
        var x = new double[10];
        Assert.Throws<ArgumentOutOfRangeException>(() => MedianFilter.Apply<double>(x, new double[10], width));
        Assert.False(MedianFilter.IsValidWidth(width, 10));
    }

    [Fact]
    public void WidthZeroCopiesAndOverlapIsRefused()
    {
        var x = new double[] { 3, 1, 2 };
        var y = new double[3];
        MedianFilter.Apply<double>(x, y, 0);
        Assert.Equal(x, y);
        Assert.Throws<ArgumentException>(() => MedianFilter.Apply<double>(x, x, 3));
    }
}
