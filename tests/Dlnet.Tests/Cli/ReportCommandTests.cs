using System.Text.Json;
using Dlnet.Cli.Common;
using Dlnet.Tests.Reporting;

namespace Dlnet.Tests.CommandLine;

/// <summary><c>dlnet report</c> on a finished run folder.</summary>
[Collection(RunFolderCollection.Name)]
public sealed class ReportCommandTests(RunFolderFixture run)
{
    [Fact]
    public void WritesTheReportOfARunFolder()
    {
        string folder = run.CopyRun("cli-report");
        var r = Cli.Run("report", "--run", folder, "--test-panels", "3");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        string html = Path.Combine(folder, "report.html");
        Assert.Equal($"wrote {html} (22 plots also in {Path.Combine(folder, "plots")}); final model {RunFolderFixture.FinalName}\n", r.Stdout);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(folder, "plots"), "test-*.png").Length);

        r = Cli.Run("report", "--run", folder, "--json", "--pareto-split", "test1");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(html, doc.RootElement.GetProperty("report").GetString());
        Assert.Equal(27, doc.RootElement.GetProperty("plots").GetArrayLength());
        Assert.Equal(8, Directory.GetFiles(Path.Combine(folder, "plots"), "test-*.png").Length);
        Assert.Contains($"<figcaption>test1 MAE (SOH) against flash (bytes, log scale); ringed: the final model, {RunFolderFixture.FinalName}</figcaption>", File.ReadAllText(html));

        // fewer panels the next time: the plots of the earlier report go
        r = Cli.Run("report", "--run", folder, "--test-panels", "2", "--quiet");
        Assert.Equal((ExitCodes.Success, ""), (r.ExitCode, r.Stdout));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(folder, "plots"), "test-*.png").Length);
        Assert.Equal(21, Directory.GetFiles(Path.Combine(folder, "plots")).Length);
    }

    [Fact]
    public void OtherDataThanTheRunsIsRefused()
    {
        string folder = run.CopyRun("cli-report-other-data");
        var r = Cli.Run("report", "--run", folder, "--data", "builtin");
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("not the data the run was trained on", r.Stderr);
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void AnUnknownParetoSplitOrStageIsRefused()
    {
        var r = Cli.Run("report", "--run", run.RunFolder, "--pareto-split", "test9");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("the run has no split 'test9' (it has validation, train, test1, test2, paper16, paper16_test)", r.Stderr);

        string folder = run.CopyRun("cli-report-bad-stage");
        string summary = Path.Combine(folder, "summary.json");
        File.WriteAllText(summary, File.ReadAllText(summary).Replace("\"stage\": \"compressed\"", "\"stage\": \"pruned\""));
        r = Cli.Run("report", "--run", folder);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains($"error: {summary}: candidate '{RunFolderFixture.CompressedName}' has stage 'pruned'", r.Stderr);
    }

    [Fact]
    public void WithoutItsConfigurationOrWithAHostileOneTheRunsSplitsAreNotGuessed()
    {
        string folder = run.CopyRun("cli-report-no-config");
        string config = Path.Combine(folder, "config.json");
        File.Delete(config);
        var r = Cli.Run("report", "--run", folder);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Equal($"error: {folder}: no config.json: the run's splits are decided by its configuration; run the same dlnet run again to write it\n", r.Stderr);
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));

        run.CopyRun("cli-report-no-config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"name\": \"cells\"", "\"name\": \"<script>\""));
        r = Cli.Run("report", "--run", folder);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.StartsWith($"error: {config}: ", r.Stderr);
        Assert.Contains("<script>", r.Stderr);
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void AFolderWithoutASummaryIsABadInputError()
    {
        var r = Cli.Run("report", "--run", run.DataFolder);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("no summary.json", r.Stderr);
    }
}
