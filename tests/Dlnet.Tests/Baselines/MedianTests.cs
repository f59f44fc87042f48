using CsCheck;
using Dlnet.Baselines;
using Dlnet.Series;

namespace Dlnet.Tests.Baselines;

public class MedianTests
{
    [Fact]
    public void MiddleValueOrMeanOfTheMiddleTwo()
    {
        Assert.Equal(2.0, Median.Of([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, Median.Of([4.0, 1.0, 3.0, 2.0]));
        Assert.Equal(7.0, Median.Of([7.0]));
        Assert.Equal(1.0, Median.Of([1.0, 1.0, 5.0, 1.0]));
        Assert.Throws<ArgumentException>(() => Median.Of([]));
    }

    [Fact]
    public void AgreesWithSorting()
    {
        Gen.Double[-1, 1].Array[1, 300].Sample(values =>
        {
            double[] sorted = [.. values.Order()];
            int n = sorted.Length;
            double expected = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
            Assert.Equal(expected, Median.Of((double[])values.Clone()));
        });
        // Runs already in order, either way, and many equal values.
        Assert.Equal(49.5, Median.Of([.. Enumerable.Range(0, 100).Select(i => (double)i)]));
        Assert.Equal(50.0, Median.Of([.. Enumerable.Range(0, 101).Select(i => 100.0 - i)]));
        Assert.Equal(0.0, Median.Of([.. Enumerable.Range(0, 60).Select(i => i < 40 ? 0.0 : 1.0)]));
    }
}
