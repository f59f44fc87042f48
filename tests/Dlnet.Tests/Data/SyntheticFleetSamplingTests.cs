using Dlnet.Fleet;

namespace Dlnet.Tests.Data;

public class SyntheticFleetSamplingTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.959963984540054, 0.975)]
    [InlineData(-1.0, 0.15865525393145707)]
    [InlineData(-3.0, 0.0013498980316300946)]
    [InlineData(2.5, 0.9937903346742238)]
    public void NormalCdfMatchesReferenceValues(double x, double expected) =>
        Assert.Equal(expected, SyntheticFleetSampling.NormalCdf(x), 7.5e-8);

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(0.02, -2.053748910631823)]
    [InlineData(0.9999, 3.719016485455709)]
    public void NormalQuantileMatchesReferenceValues(double p, double expected) =>
        Assert.Equal(expected, SyntheticFleetSampling.NormalQuantile(p), 1e-8);

    [Fact]
    public void StratifiedDrawsTakeOneFromEachStratum()
    {
        const int n = 40;
        const double median = 750, logSd = 0.43, min = 150, max = 2500;
        double[] draws = SyntheticFleetSampling.StratifiedTruncatedLogNormal(new Random(3), n, median, logSd, min, max);
        double lo = SyntheticFleetSampling.NormalCdf((Math.Log(min) - Math.Log(median)) / logSd);
        double hi = SyntheticFleetSampling.NormalCdf((Math.Log(max) - Math.Log(median)) / logSd);
        double[] strata = draws
            .Select(d => (SyntheticFleetSampling.NormalCdf((Math.Log(d) - Math.Log(median)) / logSd) - lo) / (hi - lo) * n)
            .Order().ToArray();
        for (int i = 0; i < n; i++) Assert.InRange(strata[i], i - 1e-4, i + 1 + 1e-4);
        Assert.All(draws, d => Assert.InRange(d, min, max));
        Assert.NotEqual(draws.Order(), draws); // returned shuffled
    }
}
