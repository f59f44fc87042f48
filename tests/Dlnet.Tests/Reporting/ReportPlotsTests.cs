using Dlnet.Reporting;

namespace Dlnet.Tests.Reporting;

/// <summary>The Pareto charts keep the front readable when a few models are far worse than the rest.</summary>
public sealed class ReportPlotsTests
{
    private static ParetoChart Chart(IEnumerable<double> errors)
    {
        var points = errors.Select((e, i) => new ParetoPoint($"m{i}", ModelStage.Stage2, 1000 + 100 * i, 1000 + 100 * i, e, i == 0)).ToArray();
        return new ParetoChart("pareto-test.png", "t", "flash", "validation MAE", points, [points[0]], 2000, null);
    }

    [Fact]
    public void FarOffModelsAreLeftAboveTheAxisAndTheCaptionSaysHowMany()
    {
        double[] errors = [.. Enumerable.Range(0, 18).Select(i => 0.0008 + 1e-5 * i), 0.008, 0.009];
        var image = ReportPlots.Pareto(Chart(errors));
        Assert.EndsWith("; 2 models above 0.00102 off the chart", image.Caption);
    }

    [Fact]
    public void ChartsWithoutFarOffModelsShowEveryModel()
    {
        var image = ReportPlots.Pareto(Chart(Enumerable.Range(0, 20).Select(i => 0.0008 + 1e-5 * i)));
        Assert.DoesNotContain("off the chart", image.Caption);
    }
}
