using Dlnet.Int8;
using Dlnet.Splits;

namespace Dlnet.Pipeline;

/// <summary>
/// A step that runs once a run has chosen its final model and written <c>summary.json</c>: building the
/// int8 firmware (<c>firmware/</c>, which sets <see cref="RunSummary.Deployment"/> and hands on the integer engine)
/// or the HTML report. Steps run in order; the summary each returns is written back before the next step starts.
/// </summary>
public interface IRunFinishingStep
{
    /// <summary>Short name for progress and errors (<c>deploy</c>, <c>report</c>).</summary>
    string Name { get; }

    /// <summary>Does the step on the finished run and returns it as the next step is to see it.</summary>
    FinishedRun Finish(FinishedRun run, IProgress<RunEvent>? progress, CancellationToken cancellation);
}

/// <summary>A finished run as its finishing steps see it.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Summary">The summary as last written.</param>
/// <param name="Splits">The run's splits, decided once by <see cref="PipelineRunner"/>.</param>
/// <param name="Int8">The final model's integer engine once the firmware step has built and checked it; null before, or without firmware.</param>
public sealed record FinishedRun(RunFolder Folder, RunSummary Summary, RunSplits Splits, QuantizedForecaster? Int8 = null);
