using Dlnet.Pipeline;

namespace Dlnet.Reporting;

/// <summary>
/// The finishing step that writes <c>report.html</c> and <c>plots/</c> into the run folder, as <c>dlnet report</c>
/// does, over the run's splits. The prediction panels and the horizon chart show the final model's int8 forecasts
/// beside its float ones when it is an Euler student: those of the engine the firmware step checked, or, when no
/// firmware step ran before, of the same quantisation done here once.
/// </summary>
/// <param name="options">What the report draws.</param>
public sealed class ReportStep(ReportOptions? options = null) : IRunFinishingStep
{
    public string Name => "report";

    public FinishedRun Finish(FinishedRun run, IProgress<RunEvent>? progress, CancellationToken cancellation)
    {
        if (run.Summary.Final is null)
        {
            progress?.Report(new RunNote("report: no final model, so no report (no compressed candidate fits the budget)"));
            return run;
        }
        cancellation.ThrowIfCancellationRequested();
        var files = Write(run, options);
        progress?.Report(new RunNote($"report: {files.Html} ({files.Plots.Count} plots)"));
        return run;
    }

    /// <summary>The report of a finished run, with the firmware step's integer engine when it handed one on.</summary>
    public static ReportFiles Write(FinishedRun run, ReportOptions? options = null)
    {
        string folder = run.Folder.Path;
        var int8 = run.Int8 ?? RunReport.Int8Of(run.Summary.FinalFolder(folder), run.Splits);
        return RunReport.Write(folder, run.Summary, run.Splits.Deployment, int8, options);
    }
}
