using System.Text.RegularExpressions;
using Dlnet.Baselines;
using Dlnet.IO;
using Dlnet.Models;
using Dlnet.Reporting;
using SkiaSharp;

namespace Dlnet.Tests.Reporting;

/// <summary>The report of a finished run folder: one self-contained page that embeds every plot, and the same plots as files.</summary>
[Collection(RunFolderCollection.Name)]
public sealed partial class RunReportTests(RunFolderFixture run)
{
    [GeneratedRegex("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" width=\"(\\d+)\" height=\"(\\d+)\"")]
    private static partial Regex EmbeddedPng();

    [Fact]
    public void ThePageEmbedsEveryPlotAtItsSizeAndNamesTheFinalModel()
    {
        string folder = run.CopyRun("report-page");
        var files = RunReport.Write(folder, run.Splits);

        Assert.Equal(Path.Combine(folder, RunReport.FileName), files.Html);
        string html = File.ReadAllText(files.Html);
        // 2 Pareto charts, 16 paper segments, 8 test cells, the horizon chart
        Assert.Equal(2 + 16 + 8 + 1, files.Plots.Count);
        var images = EmbeddedPng().Matches(html);
        Assert.Equal(files.Plots.Count, images.Count);
        Assert.Equal(images.Count, Regex.Matches(html, "<img ").Count);
        Assert.DoesNotContain("<svg", html);

        var expectedSizes = new Dictionary<string, (int, int)>
        {
            ["pareto"] = (ReportPlots.ParetoWidth, ReportPlots.ParetoHeight),
            ["paper16"] = (ReportPlots.PanelWidth, ReportPlots.PanelHeight),
            ["test"] = (ReportPlots.PanelWidth, ReportPlots.PanelHeight),
            ["horizon"] = (ReportPlots.HorizonWidth, ReportPlots.HorizonHeight),
        };
        for (int i = 0; i < images.Count; i++)
        {
            byte[] png = Convert.FromBase64String(images[i].Groups[1].Value);
            // embedded bytes are those of the file of the same plot
            Assert.Equal(File.ReadAllBytes(files.Plots[i]), png);
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            var expected = expectedSizes[Path.GetFileName(files.Plots[i]).Split('-')[0]];
            Assert.Equal(expected, (bitmap.Width, bitmap.Height));
            Assert.Equal(expected, (int.Parse(images[i].Groups[2].Value), int.Parse(images[i].Groups[3].Value)));
            AssertDrawn(bitmap, files.Plots[i]);
        }

        // nothing the page needs lives outside it
        Assert.DoesNotMatch("(src|href)=\"(?!data:)", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<script", html);

        Assert.Contains($"<tr><th>final model</th><td>{RunFolderFixture.FinalName}</td></tr>", html);
        Assert.Contains($"<tr class=\"final\"><td class=\"text\">{RunFolderFixture.FinalName}</td><td class=\"text\">stage2</td>", html);
        Assert.Equal(RunFolderFixture.FinalName, files.Model.FinalModel);
    }

    [Fact]
    public void PanelsDrawTheFinalModelTheTeacherAndQuadratic50AndExtraForecasters()
    {
        string folder = run.CopyRun("report-extra");
        var extra = BaselineFactory.Create("linear20");
        var files = RunReport.Write(folder, run.Splits, [extra]);
        var model = files.Model;

        string[] expected = [RunFolderFixture.FinalName, "linear20", "teacher", "quadratic50"];
        Assert.Equal(16, model.PaperPanels.Count);
        Assert.All(model.PaperPanels.Concat(model.TestPanels), p => Assert.Equal(expected, p.Forecasts.Select(f => f.Name)));
        Assert.Equal(expected, model.Horizon.Curves.Select(c => c.Name));
        Assert.Contains("linear20", File.ReadAllText(files.Html));

        // the final model's panel forecast is what the model folder forecasts for that window
        var panel = model.TestPanels[0];
        var forecast = new double[run.Student.Forecaster.Horizon];
        ModelFile.Load(run.StudentFolder).Forecast(panel.History, forecast, 1);
        Assert.Equal(forecast, panel.Forecasts[0].Values);
        var cell = run.Series[panel.Cell].Values;
        Assert.Equal(cell[(panel.FirstCycle - 1)..(panel.FirstCycle - 1 + 100)], panel.History);
        Assert.Equal(cell[(panel.FirstCycle + 99)..(panel.FirstCycle + 199)], panel.Truth);
    }

    [Fact]
    public void DeploymentShowsWhenTheSummaryHasIt()
    {
        string folder = run.CopyRun("report-deployed");
        string notDeployed = File.ReadAllText(RunReport.Write(folder, run.Splits).Html);
        Assert.Contains("Not deployed", notDeployed);

        run.WriteSummary(folder, deployed: true);
        string html = File.ReadAllText(RunReport.Write(folder, run.Splits).Html);
        Assert.DoesNotContain("Not deployed", html);
        Assert.Contains("9,876 bytes", html);
        Assert.Contains("45,678", html);
        Assert.Contains("0.71-1.42 ms", html);
        Assert.Contains("321 of 321 windows identical (bit-exact)", html);
        Assert.Contains("<td>not checked</td>", html);
        Assert.Contains("s2-student-h4-r2-p50-int8", html);
    }

    [Fact]
    public void AMissingSummaryIsABadInputError()
    {
        var e = Assert.Throws<DataFormatException>(() => RunReport.Write(run.DataFolder, run.Splits));
        Assert.Contains("no summary.json", e.Message);
    }

    /// <summary>A drawn plot: a white page with a good share of other pixels (axes, lines, text) in several colours.</summary>
    private static void AssertDrawn(SKBitmap bitmap, string name)
    {
        int inked = 0;
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var p = bitmap.GetPixel(x, y);
                colours.Add((uint)p);
                if (p.Red < 200 || p.Green < 200 || p.Blue < 200) inked++;
            }
        double share = inked / (bitmap.Width * bitmap.Height / 4.0);
        Assert.True(share > 0.01 && share < 0.5, $"{name}: {share:P1} of the pixels are drawn");
        Assert.True(colours.Count >= 8, $"{name}: only {colours.Count} colours");
    }
}
