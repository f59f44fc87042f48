using Dlnet.Firmware;
using Dlnet.Int8;
using Dlnet.ModelFiles;

namespace Dlnet.Pipeline;

/// <summary>
/// The finishing step that deploys the final model: <c>firmware/</c> as <c>dlnet deploy</c> writes it (generated C,
/// Arduino sketch, <c>deploy.json</c>), checked bit for bit on the host and under QEMU, and <c>deploy.json</c> copied
/// into the summary's <c>deployment</c>. Without a host C compiler, or when the final model is not an Euler student,
/// the step says so and leaves <c>deployment</c> null; without the Arm toolchain or QEMU, deploy.json says what it
/// could not measure.
/// </summary>
/// <param name="options">Tools and measurement settings.</param>
public sealed class FirmwareStep(DeploymentOptions? options = null) : IRunFinishingStep
{
    public const string FolderName = "firmware";

    /// <summary>The Arduino sketch inside the firmware folder: what to open and upload.</summary>
    public const string SketchFolderName = SketchWriter.SketchName;

    private readonly DeploymentOptions _options = options ?? new DeploymentOptions();

    public string Name => "firmware";

    /// <summary>Builds and checks the firmware on the run's splits, and hands on the integer engine it checked.</summary>
    public FinishedRun Finish(FinishedRun run, IProgress<RunEvent>? progress, CancellationToken cancellation)
    {
        var (folder, summary) = (run.Folder, run.Summary);
        if (summary.Final is not { } final) return run;
        string model = Path.Combine(folder.Path, final.Folder);
        var description = ModelFile.ReadDescription(model);
        if (!Int8Calibration.HasIntegerForm(description))
        {
            progress?.Report(new RunNote($"firmware: the final model is a '{description.Architecture}'; the int8 firmware is built for Euler students"));
            return run;
        }
        if (ToolProcess.Find(_options.HostCompiler) is null)
        {
            progress?.Report(new RunNote($"firmware: {_options.HostCompiler} not found, so the generated C cannot be checked; install gcc (and gcc-arm-none-eabi, picolibc-arm-none-eabi, qemu-system-arm for the board) and rerun"));
            return run;
        }
        cancellation.ThrowIfCancellationRequested();
        string firmware = Path.Combine(folder.Path, FolderName);
        var result = FirmwareDeployment.Run(model, run.Splits, firmware, _options,
            line => progress?.Report(new RunNote("firmware: " + line)));
        foreach (string note in result.Notes) progress?.Report(new RunNote("firmware: " + note));
        if (result.Report.CyclesPerForecast is { } cycles)
        {
            // How far the latency the selection judged this model on is from the timing model's figure.
            var loaded = ModelFile.Load(model);
            var estimate = Selection.FrontEndCost.With(Selection.CostModel.Estimate(loaded.Network).Latency, loaded.Encoding.InputLength, loaded.Encoding.MedianWidth);
            progress?.Report(new RunNote(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"firmware: the cost model estimated {estimate.Cycles:N0} cycles per forecast ({estimate.CyclesLow:N0}-{estimate.CyclesHigh:N0}) for it; the timing model gives {cycles.Value:N0} ({cycles.Low:N0}-{cycles.High:N0}), {estimate.Cycles / cycles.Value - 1:+0.0%;-0.0%}")));
        }
        // Named as the summary names folders, relative to the run folder, so that a moved run still reads right.
        var report = result.Report with { Model = final.Folder };
        report.Write(Path.Combine(firmware, DeploymentReport.FileName));
        return run with { Summary = summary with { Deployment = report }, Int8 = new QuantizedForecaster(result.Model) };
    }
}
