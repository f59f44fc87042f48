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
    public void BuildsFromNames(string name, Type type, int degree, int k)
    {
        var f = BaselineFactory.Create(name);
        Assert.IsType(type, f);
        Assert.Equal(name, f.Name);
        Assert.Equal((100, 100), (f.InputLength, f.Horizon));
        if (f is PolynomialForecaster p) Assert.Equal((degree, k), (p.Degree, p.FitLength));
    }

    [Theory]
    [InlineData("linear", "unknown")]
    [InlineData("linear1", "between 2 and 100")]
    [InlineData("quadratic101", "between 3 and 100")]
    [InlineData("linear-5", "unknown")]
    [InlineData("quartic20", "unknown")]
    [InlineData("Last", "unknown")]
    [InlineData("linear２0", "unknown")]
    public void RejectsOtherNamesWithAReason(string name, string reason)
    {
        Assert.False(BaselineFactory.TryCreate(name, 100, 100, out var f, out string? error));
        Assert.Null(f);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void DefaultsAreTheReferenceSet() =>
        Assert.Equal(["last", "linear20", "quadratic50"], BaselineFactory.DefaultNames.Select(n => BaselineFactory.Create(n).Name));
}
