using Dlnet.Baselines;

namespace Dlnet.Tests.Baselines;

public class BaselineFactoryTests
{
    [Theory]
    [InlineData("last", typeof(LastValueForecaster), 0, 0)]
    [InlineData("linear20", typeof(PolynomialForecaster), 1, 20)]
    [InlineData("quadratic50", typeof(PolynomialForecaster), 2, 50)]
    [InlineData("cubic100", typeof(PolynomialForecaster), 3, 100)]
    [InlineData("linear2", typeof(PolynomialForecaster), 1, 2)]
    [InlineData("theilsen50", typeof(TheilSenForecaster), 1, 50)]
    [InlineData("theilsen2", typeof(TheilSenForecaster), 1, 2)]
    [InlineData("huberlinear100", typeof(HuberForecaster), 1, 100)]
    [InlineData("huberquadratic50", typeof(HuberForecaster), 2, 50)]
    public void BuildsFromNames(string name, Type type, int degree, int k)
    {
        var f = BaselineFactory.Create(name);
        Assert.IsType(type, f);
        Assert.Equal(name, f.Name);
        Assert.Equal((100, 100), (f.InputLength, f.Horizon));
        if (f is PolynomialForecaster p) Assert.Equal((degree, k), (p.Degree, p.FitLength));
        if (f is TheilSenForecaster t) Assert.Equal(k, t.FitLength);
        if (f is HuberForecaster h) Assert.Equal((degree, k), (h.Degree, h.FitLength));
    }

    [Theory]
    [InlineData("linear", "unknown")]
    [InlineData("linear1", "between 2 and 100")]
    [InlineData("quadratic101", "between 3 and 100")]
    [InlineData("linear-5", "unknown")]
    [InlineData("quartic20", "unknown")]
    [InlineData("Last", "unknown")]
    [InlineData("linear２0", "unknown")]
    [InlineData("theilsen1", "between 2 and 100")]
    [InlineData("huberquadratic3", "between 4 and 100")]
    [InlineData("huberlinear101", "between 3 and 100")]
    [InlineData("huber50", "unknown")]
    [InlineData("theilsen", "unknown")]
    public void RejectsOtherNamesWithAReason(string name, string reason)
    {
        Assert.False(BaselineFactory.TryCreate(name, 100, 100, out var f, out string? error));
        Assert.Null(f);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TheFamilyHoldsLinesAndQuadraticsOverThreeLengthsAndTheRobustFits()
    {
        Assert.Equal(["last", "linear20", "linear50", "linear100", "quadratic20", "quadratic50", "quadratic100",
            "theilsen50", "theilsen100", "huberlinear50", "huberlinear100", "huberquadratic50", "huberquadratic100"],
            BaselineFactory.CreateFamily(100, 100).Select(f => f.Name));
        // A shorter input keeps the members that fit within it.
        Assert.Equal(["last", "linear20", "linear50", "quadratic20", "quadratic50", "theilsen50", "huberlinear50", "huberquadratic50"],
            BaselineFactory.CreateFamily(60, 10).Select(f => f.Name));
        Assert.All(BaselineFactory.CreateFamily(60, 10), f => Assert.Equal((60, 10), (f.InputLength, f.Horizon)));
    }
}
