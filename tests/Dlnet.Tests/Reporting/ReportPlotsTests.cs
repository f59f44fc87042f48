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

/// <summary>Prediction panels: the true values are drawn over the forecasts, so a forecast that matches them cannot hide them.</summary>
public sealed class PredictionPanelPlotTests
{
    [Fact]
    public void TheTruthIsDrawnOverForecastsThatCoverIt()
    {
        double[] history = Enumerable.Range(0, 100).Select(i => 1.0 - 1e-4 * i).ToArray();
        double[] truth = Enumerable.Range(100, 100).Select(i => 1.0 - 1e-4 * i).ToArray();
        var panel = new PredictionPanel("test-01-c.png", "c, cycles 1-200", "c", 1, history, truth,
            [new NamedCurve("a", [.. truth]), new NamedCurve("b", [.. truth])]);
        var plot = ReportPlots.PanelPlot(panel, name => name);
        using var bitmap = SkiaSharp.SKBitmap.Decode(ReportPlots.RenderPng(plot, ReportPlots.PanelWidth, ReportPlots.PanelHeight));
        foreach (int step in new[] { 10, 40, 70 })
        {
            var at = plot.GetPixel(new ScottPlot.Coordinates(101 + step, truth[step]));
            var color = bitmap.GetPixel((int)Math.Round(at.X * ReportPlots.Scale), (int)Math.Round(at.Y * ReportPlots.Scale));
            Assert.True(color.Red < 0x50 && color.Green < 0x50 && color.Blue < 0x50, $"step {step}: {color}");
        }
    }
}
