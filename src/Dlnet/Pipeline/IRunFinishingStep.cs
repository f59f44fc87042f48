namespace Dlnet.Pipeline;

/// <summary>
/// A step that runs once a run has chosen its final model and written <c>summary.json</c>: building the
/// int8 firmware (<c>firmware/</c>, which sets <see cref="RunSummary.Deployment"/>) or the HTML report.
/// Steps run in order; the summary each returns is written back before the next step starts.
/// </summary>
public interface IRunFinishingStep
{
    /// <summary>Short name for progress and errors (<c>deploy</c>, <c>report</c>).</summary>
    string Name { get; }

    /// <summary>Does the step on the finished run in <paramref name="folder"/> and returns the summary to write.</summary>
    RunSummary Finish(RunFolder folder, RunSummary summary, IProgress<RunEvent>? progress, CancellationToken cancellation);
}
