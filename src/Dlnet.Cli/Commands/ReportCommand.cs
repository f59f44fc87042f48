using System.CommandLine;
using Dlnet.Cli.Common;
using Dlnet.Pipeline;
using Dlnet.Reporting;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet report</c>: (re)writes the HTML report of a finished run folder.</summary>
public static class ReportCommand
{
    /// <summary>Most prediction panels: one plot each, in one page.</summary>
    public const int MaxTestPanels = 200;

    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder, as written by dlnet run (holds summary.json).", Required = true };
        var data = new DataOptions();
        var paretoSplit = new Option<string>("--pareto-split")
        {
            Description = "Split whose MAE the Pareto charts plot (validation, or a report split such as test1).",
            DefaultValueFactory = _ => "validation",
        };
        var panels = new Option<int>("--test-panels") { Description = "Test cells to draw a prediction panel for.", DefaultValueFactory = _ => new ReportOptions().TestPanels }.Between(0, MaxTestPanels);
        var outputs = new OutputOptions();

        var cmd = new Command("report", "Write report.html (Pareto fronts, predictions, errors by horizon, candidates, ablation, deployment) and plots/ into a run folder.")
        {
            run, paretoSplit, panels,
        };
        data.AddTo(cmd);
        data.Data.Description = "The run's data, when summary.json does not say where it is (default: the source it names).";
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            string folder = parseResult.GetValue(run)!;
            int panelCount = parseResult.GetValue(panels);

            var summary = RunSummary.ReadFolder(folder);
            summary.RequireFinal(folder);
            string split = parseResult.GetValue(paretoSplit)!;
            if (!summary.MetricSplits.Contains(split))
                throw new UsageException($"--pareto-split: the run has no split '{split}' (it has {string.Join(", ", summary.MetricSplits)})");
            var series = parseResult.GetValue(data.Data) is null ? RunReport.LoadData(summary) : data.Load(parseResult);
            var splits = RunReport.SplitsOf(folder, summary, series);
            var files = RunReport.Write(folder, summary, splits.Deployment, RunReport.Int8Of(summary.FinalFolder(folder), splits),
                new ReportOptions { ParetoSplit = split, TestPanels = panelCount });

            if (outputs.PrintsText(parseResult))
                stdout.WriteLine($"wrote {files.Html} ({files.Plots.Count} plots also in {Path.Combine(folder, RunReport.PlotsFolder)}); final model {files.Model.FinalModel}");
            outputs.WriteJson(parseResult, new ReportResult(files.Html, files.Model.FinalModel, files.Plots));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private sealed record ReportResult(string Report, string Final, IReadOnlyList<string> Plots);
}
