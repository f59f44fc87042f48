using Dlnet.Baselines;
using Dlnet.IO;
using Dlnet.ModelFiles;
using Dlnet.Pipeline;
using Dlnet.Reporting;
using Dlnet.Scoring;

namespace Dlnet.Tests.Reporting;

/// <summary>The report of a finished run folder: one self-contained page that embeds every plot, and the same plots as files.</summary>
[Collection(RunFolderCollection.Name)]
public sealed class RunReportTests(RunFolderFixture run)
{
    private ReportFiles Write(string folder, IForecaster? int8 = null) => RunReport.Write(folder, RunSummary.ReadFolder(folder), run.Splits, int8);

    [Fact]
    public void ThePageEmbedsEveryPlotAtItsSizeAndNamesTheFinalModel()
    {
        string folder = run.CopyRun("report-page");
        var files = Write(folder);

        Assert.Equal(Path.Combine(folder, RunReport.FileName), files.Html);
        string html = File.ReadAllText(files.Html);
        // 2 Pareto charts, 16 paper segments, 8 test cells, the horizon chart
        Assert.Equal(2 + 16 + 8 + 1, files.Plots.Count);
        ReportAssertions.EmbedsEveryPlot(html, files.Plots);

        Assert.Contains($"<tr><th>final model</th><td>{RunFolderFixture.FinalName}</td></tr>", html);
        Assert.Contains($"<tr class=\"final\"><td class=\"text\">{RunFolderFixture.FinalName}</td><td>", html);
        // the page opens with what ships; the fixture's data has paper segments, so that section is there
        Assert.True(html.IndexOf("id=\"headline\"", StringComparison.Ordinal) < html.IndexOf("<h2>Pareto front</h2>", StringComparison.Ordinal));
        Assert.Contains("<h2>Predictions on the paper's segments</h2>", html);
        Assert.Equal(RunFolderFixture.FinalName, files.Model.FinalModel);
    }

    [Fact]
    public void PanelsDrawTheFinalModelTheTeacherAndTheBestClassicalAndExtraForecasters()
    {
        string folder = run.CopyRun("report-extra");
        var extra = BaselineFactory.Create("linear20");
        var files = Write(folder, extra);
        var model = files.Model;

        // what is added (the int8 forecaster, in a run) comes first; the best classical extrapolation last
        string[] expected = ["linear20", RunFolderFixture.FinalName, "teacher", run.Classical.Chosen];
        Assert.Equal(16, model.PaperPanels.Count);
        Assert.All(model.PaperPanels.Concat(model.TestPanels), p => Assert.Equal(expected, p.Forecasts.Select(f => f.Name)));
        Assert.Equal(expected, model.Horizon.Curves.Select(c => c.Name));
        Assert.Contains("linear20", File.ReadAllText(files.Html));

        // the final model's panel forecast is what the model folder forecasts for that window
        var panel = model.TestPanels[0];
        var forecast = new double[run.Student.Forecaster.Horizon];
        ModelFile.Load(run.StudentFolder).Forecast(panel.History, forecast, 1);
        Assert.Equal(forecast, panel.Forecasts[1].Values);
        var cell = run.Series[panel.Cell].Values;
        Assert.Equal(cell[(panel.FirstCycle - 1)..(panel.FirstCycle - 1 + 100)], panel.History);
        Assert.Equal(cell[(panel.FirstCycle + 99)..(panel.FirstCycle + 199)], panel.Truth);
    }

    [Fact]
    public void DeploymentShowsWhenTheSummaryHasIt()
    {
        string folder = run.CopyRun("report-deployed");
        string notDeployed = File.ReadAllText(Write(folder).Html);
        Assert.Contains("Not deployed", notDeployed);
        Assert.Contains("The final model (float; not deployed) is <b>s2-student-h4-r2-p50</b>", notDeployed);

        run.WriteSummary(folder, deployed: true);
        string html = File.ReadAllText(Write(folder).Html);
        Assert.DoesNotContain("Not deployed", html);
        Assert.Contains("9,876 bytes", html);
        Assert.Contains("45,678", html);
        Assert.Contains("0.71-1.42 ms", html);
        Assert.Contains("321 of 321 windows identical (bit-exact)", html);
        Assert.Contains("<td>not checked</td>", html);
        Assert.Contains("s2-student-h4-r2-p50-int8", html);

        // the headline: the int8 error, sizes measured, latency estimated, and what to flash
        Assert.Contains("The deployed int8 model is <b>s2-student-h4-r2-p50</b>", html);
        Assert.Contains("<td class=\"shipped\">0.00420</td>", html);
        Assert.Contains("<tr><th>flash</th><td>9,876 B</td><td><span class=\"measured\">measured</span>", html);
        Assert.Contains("<tr><th>latency at 64 MHz</th><td>0.71-1.42 ms</td><td><span class=\"estimated\">estimated</span>", html);
        Assert.Contains("<code>firmware/dlnet_forecaster/dlnet_forecaster.ino</code>", html);
    }

    [Fact]
    public void ADeploymentWithoutTheArmToolchainSaysWhatWasNotMeasured()
    {
        string folder = run.CopyRun("report-host-only");
        run.WriteSummary(folder, deployed: true);
        string path = Path.Combine(folder, "summary.json");
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        foreach (string key in new[] { "flash_bytes", "ram_bytes", "instructions_per_inference", "latency_ms_at_64mhz" })
            summary["deployment"]![key] = null;
        File.WriteAllText(path, summary.ToJsonString());

        string html = File.ReadAllText(Write(folder).Html);
        Assert.Contains("<tr><th>flash</th><td>not measured (no Arm toolchain or QEMU)</td></tr>", html);
        Assert.Contains("<tr><th>latency at 64 MHz</th><td>not measured (no Arm toolchain or QEMU)</td></tr>", html);
        Assert.Contains("321 of 321 windows identical (bit-exact)", html);
    }

    [Fact]
    public void AMissingSummaryIsABadInputError()
    {
        var e = Assert.Throws<DataFormatException>(() => RunSummary.ReadFolder(run.DataFolder));
        Assert.Contains("no summary.json", e.Message);
    }
}
