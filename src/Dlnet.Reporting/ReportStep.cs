using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Pipeline;
using Dlnet.Scoring;
using Dlnet.Series;

namespace Dlnet.Reporting;

/// <summary>
/// The finishing step that writes <c>report.html</c> and <c>plots/</c> into the run folder, as <c>dlnet report</c>
/// does. The prediction panels and the horizon chart show the final model's int8 forecasts beside its float ones
/// when it is an Euler student (the integer engine, calibrated as the firmware is).
/// </summary>
/// <param name="series">The run's data.</param>
/// <param name="options">What the report draws.</param>
public sealed class ReportStep(SeriesSet series, ReportOptions? options = null) : IRunFinishingStep
{
    public string Name => "report";

    public Pipeline.RunSummary Finish(RunFolder folder, Pipeline.RunSummary summary, IProgress<RunEvent>? progress, CancellationToken cancellation)
    {
        if (summary.Final is null)
        {
            progress?.Report(new RunNote("report: no final model, so no report (no compressed candidate fits the budget)"));
            return summary;
        }
        var written = RunSummary.Read(folder.Path);
        var splits = RunReport.SplitsFor(folder.Path, written, series);
        cancellation.ThrowIfCancellationRequested();
        var files = RunReport.Write(folder.Path, splits, Int8Of(written.FinalFolder(folder.Path), series), options);
        progress?.Report(new RunNote($"report: {files.Html} ({files.Plots.Count} plots)"));
        return summary;
    }

    /// <summary>The int8 forecaster of the model in <paramref name="modelFolder"/> when it has one (an Euler student), calibrated on <paramref name="series"/>.</summary>
    public static IForecaster[] Int8Of(string modelFolder, SeriesSet series) =>
        Int8Calibration.HasIntegerForm(ModelFile.ReadDescription(modelFolder)) ? [Int8Calibration.Forecaster(modelFolder, series)] : [];
}
