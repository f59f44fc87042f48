using Dlnet.Baselines;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Scoring;
using Dlnet.Splits;

namespace Dlnet.Firmware;

/// <summary>What a deployment produced, beyond <c>deploy.json</c>.</summary>
/// <param name="Report">The content of <c>deploy.json</c>.</param>
/// <param name="Folder">The firmware folder written.</param>
/// <param name="SketchFolder">The Arduino sketch folder inside it.</param>
/// <param name="Model">The integer engine (the C# twin of the generated C).</param>
/// <param name="Size">Flash and RAM of the model and of the whole probe program; null without the Arm toolchain.</param>
/// <param name="Emulator">The QEMU run (instruction counts, stack); null without QEMU.</param>
/// <param name="SanitizedHost">The host run with sanitizers; null when skipped.</param>
/// <param name="Notes">What was skipped and why.</param>
public sealed record DeploymentResult(DeploymentReport Report, string Folder, string SketchFolder, QuantizedStudent Model,
    DeploymentSize? Size, DeploymentEmulation? Emulator, WindowComparison? SanitizedHost, IReadOnlyList<string> Notes)
{
    /// <summary>Every compared window identical, on every build that ran.</summary>
    public bool BitExact => Report.BitExact.Everywhere && (SanitizedHost is null || SanitizedHost.AllIdentical);
}

/// <summary>Flash and static RAM the model adds to a Cortex-M4F program, and the totals of the smallest such program.</summary>
public sealed record DeploymentSize(long FlashBytes, long RamBytes, long ProgramFlashBytes, long ProgramRamBytes);

/// <summary>
/// Instructions per forecast under QEMU (mean, least, most; SysTick resolution 40), the stack one forecast uses, and the
/// timing model's cycles per forecast (null without the disassembler).
/// </summary>
public sealed record DeploymentEmulation(double InstructionsMean, long InstructionsMin, long InstructionsMax, int StackBytes, CycleCount? Cycles = null);

/// <summary>
/// The whole of deploying a trained Euler student: quantise it (calibrated on the protocol's training windows),
/// score the integer engine and the float model next to the best classical extrapolation (chosen on validation) on every split, generate the C model and the
/// Arduino sketch, and check the generated C against the engine: host gcc (strict, then sanitizers) on every
/// report window, sizes from the Arm toolchain, and QEMU's Cortex-M4 on the paper's segments and more report
/// windows, which also counts instructions. The firmware folder appears complete or not at all.
/// Shared by <c>dlnet deploy</c> and the pipeline.
/// </summary>
public static class FirmwareDeployment
{
    /// <param name="modelFolder">A model folder of an Euler student (dlnet train --model student, pruned or not).</param>
    /// <param name="runSplits">The splits of the data the model was trained on: its <see cref="RunSplits.Deployment"/> windows
    /// calibrate the int8 scales, score the models and check the generated C.</param>
    /// <param name="outputFolder">The firmware folder to write (replaced if it holds an earlier deployment).</param>
    /// <param name="options">Tools and measurement settings.</param>
    /// <param name="log">Receives one line per stage.</param>
    /// <param name="modelName">How the model folder is named in the generated files and deploy.json (default: <paramref name="modelFolder"/> as given),
    /// for a model deployed from where it is staged before being moved into place.</param>
    /// <exception cref="DataFormatException">The model folder cannot be read, or is not an Euler student.</exception>
    /// <exception cref="InvalidOperationException">The host compiler is missing, a build fails, or the output folder is something else.</exception>
    public static DeploymentResult Run(string modelFolder, RunSplits runSplits, string outputFolder, DeploymentOptions? options = null, Action<string>? log = null,
        string? modelName = null)
    {
        var splits = runSplits.Deployment;
        options ??= new DeploymentOptions();
        options.Validate();
        log ??= _ => { };
        var description = ModelFile.ReadDescription(modelFolder);
        // Before any work: what the generated files will name must be fit to appear in them.
        var provenance = ModelProvenance.From(modelName ?? modelFolder, description);
        var model = ModelFile.Load(modelFolder);
        if (splits.Train.InputLength != model.InputLength || splits.Train.Horizon != model.Horizon)
            throw new InvalidOperationException($"the model maps {model.InputLength} values to {model.Horizon}; the protocol's windows are {splits.Train.InputLength}+{splits.Train.Horizon}");
        string gcc = ToolProcess.Find(options.HostCompiler)
            ?? throw new InvalidOperationException($"{options.HostCompiler} not found: checking the generated C needs a host C compiler (Debian package 'gcc')");
        CheckOutputFolder(outputFolder);

        var quantized = Int8Calibration.Quantize(modelFolder, runSplits, options.Quantization);
        log($"quantised {description.Name} with scales from {quantized.CalibrationWindows} training windows");

        var int8 = new QuantizedForecaster(quantized);
        var classical = BestClassical.Score(splits);
        var int8Rows = Score(int8, splits);
        var floatRows = Score(model, splits);
        var baselineRows = Score(BaselineFactory.Create(classical.Chosen, model.InputLength, model.Horizon), splits);
        log($"scored the int8 engine, the float model and the best classical extrapolation ({classical.Chosen}, chosen on the {classical.ChosenOn} cells) on " +
            string.Join(", ", splits.All.Select(s => s.Name)));

        var files = new ModelSourceGenerator(quantized, provenance).Files();
        var notes = new List<string>();
        string staging = StagingFolder(outputFolder);
        string build = Directory.CreateTempSubdirectory("dlnet-deploy-").FullName;
        try
        {
            string sketch = SketchWriter.Write(staging, files, provenance);
            foreach (var (name, text) in EmbeddedSources.Runtime()) File.WriteAllText(Path.Combine(build, name), text);
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(build, name), text);
            File.WriteAllText(Path.Combine(build, "dlnet_verify.c"), EmbeddedSources.Native("dlnet_verify.c"));
            File.WriteAllText(Path.Combine(build, "dlnet_size_probe.c"), EmbeddedSources.Native("dlnet_size_probe.c"));
            var firmware = new FirmwareBuild(build, options.ToolTimeout);

            string hostCases = Path.Combine(build, "cases-host.bin");
            VerificationCases.Write(hostCases, quantized, splits.Reports);
            var host = firmware.RunHost(gcc, hostCases, sanitized: false);
            log($"host {Path.GetFileName(gcc)}: {host.Identical} of {host.Windows} report windows identical to the C# engine (forecast {host.ForecastIdentical}, int8 entry point {host.Int8Identical})");
            WindowComparison? sanitized = null;
            if (options.Sanitizers)
            {
                var s = firmware.RunHost(gcc, hostCases, sanitized: true);
                sanitized = Comparison(s);
                log($"host with address and undefined-behaviour sanitizers: no report, {sanitized.WindowsIdentical} of {s.Windows} windows identical");
            }

            string? armGcc = ToolProcess.Find(options.ArmCompiler), armSize = ToolProcess.Find(options.ArmSize), qemu = ToolProcess.Find(options.Emulator);
            if (armGcc is null) notes.Add($"{options.ArmCompiler} not found (Debian packages gcc-arm-none-eabi, picolibc-arm-none-eabi): no flash or RAM sizes, no emulator run");
            else if (armSize is null) notes.Add($"{options.ArmSize} not found (Debian package binutils-arm-none-eabi): no flash or RAM sizes");
            if (qemu is null && armGcc is not null) notes.Add($"{options.Emulator} not found (Debian package qemu-system-arm): no emulator run, no instruction count");

            DeploymentSize? size = null;
            if (armGcc is not null && armSize is not null)
            {
                try
                {
                    var s = firmware.MeasureSize(armGcc, armSize, model.InputLength, model.Horizon);
                    size = new DeploymentSize(s.FlashBytes, s.RamBytes, s.ProgramFlashBytes, s.ProgramRamBytes);
                    log($"Cortex-M4F (-Os): the model adds {s.FlashBytes} bytes of flash and {s.RamBytes} bytes of static RAM");
                }
                catch (InvalidOperationException e) when (FirmwareBuild.IsMissingPicolibc(e))
                {
                    notes.Add("picolibc for arm-none-eabi not found (Debian package picolibc-arm-none-eabi): no flash or RAM sizes, no emulator run");
                    armGcc = null;
                }
            }

            DeploymentEmulation? emulation = null;
            WindowComparison? emulator = null;
            if (armGcc is not null && qemu is not null)
            {
                string emulatorCases = Path.Combine(build, "cases-emulator.bin");
                var ordered = splits.Reports.OrderBy(s => s.Name.StartsWith("paper16", StringComparison.Ordinal) ? 0 : 1);
                VerificationCases.Write(emulatorCases, quantized, ordered, options.EmulatorWindows);
                var e = firmware.RunEmulator(armGcc, qemu, emulatorCases);
                emulator = Comparison(e);
                log($"QEMU mps2-an386 (Cortex-M4): {emulator.WindowsIdentical} of {emulator.WindowsCompared} windows identical, {e.InstructionsPerInference:F0} instructions per forecast");
                CycleCount? cycles = null;
                if (ToolProcess.Find(options.ArmObjdump) is { } objdump)
                {
                    string timingCases = Path.Combine(build, "cases-timing.bin");
                    VerificationCases.Write(timingCases, quantized, ordered, options.TimingWindows);
                    cycles = firmware.RunTiming(armGcc, qemu, objdump, timingCases, MemoryAssumption.Nrf52840, options.ClockHz);
                    log($"timing model (Cortex-M4 cycle table, {cycles.Windows} traced forecasts): {cycles.Value:N0} cycles per forecast ({cycles.Low:N0}-{cycles.High:N0}), " +
                        $"{cycles.Milliseconds.Value:0.###} ms at {options.ClockHz / 1e6:0} MHz");
                }
                else notes.Add($"{options.ArmObjdump} not found (Debian package binutils-arm-none-eabi): no timing model, latency from the instruction count");
                emulation = new DeploymentEmulation(e.InstructionsPerInference, e.TicksMin * VerifyRun.InstructionsPerTick,
                    e.TicksMax * VerifyRun.InstructionsPerTick, e.StackBytes, cycles);
            }

            var report = new DeploymentReport(modelName ?? modelFolder, size?.FlashBytes, size?.RamBytes,
                emulation is null ? null : (long)Math.Round(emulation.InstructionsMean),
                emulation is null ? null : emulation.Cycles is { } c ? new LatencyRange(c.Milliseconds.Low, c.Milliseconds.High) : new LatencyRange(
                    Math.Round(emulation.InstructionsMean * options.CyclesPerInstructionLow / options.ClockHz * 1e3, 4),
                    Math.Round(emulation.InstructionsMean * options.CyclesPerInstructionHigh / options.ClockHz * 1e3, 4)),
                emulation?.Cycles,
                int8Rows, floatRows, baselineRows,
                new BitExactness(Comparison(host), emulator),
                new ToolchainVersions(ToolProcess.Version(gcc), armGcc is null ? null : ToolProcess.Version(armGcc), qemu is null || armGcc is null ? null : ToolProcess.Version(qemu)));
            report.Write(Path.Combine(staging, DeploymentReport.FileName));
            File.WriteAllText(Path.Combine(staging, "README.md"), FirmwareReadme.Text(quantized, provenance, report, size, emulation, options));
            Replace(staging, outputFolder);
            return new DeploymentResult(report, outputFolder, Path.Combine(outputFolder, Path.GetFileName(sketch)), quantized, size, emulation, sanitized, notes);
        }
        finally
        {
            TryDelete(build);
            TryDelete(staging);
        }
    }

    static WindowComparison Comparison(VerifyRun r) => new(r.Windows, r.StatusErrors > 0 ? 0 : r.Identical);

    static List<EvaluationRow> Score(IForecaster forecaster, ProtocolSplits splits) =>
        [.. splits.All.Select(s => EvaluationRow.From(Evaluator.Evaluate(forecaster, s)))];

    /// <summary>An existing output folder is replaced only when it holds an earlier deployment.</summary>
    static void CheckOutputFolder(string folder)
    {
        if (File.Exists(folder)) throw new InvalidOperationException($"{folder} is a file; give a folder for the firmware");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !File.Exists(Path.Combine(folder, DeploymentReport.FileName)))
            throw new InvalidOperationException($"{folder} exists and is not a firmware folder (no {DeploymentReport.FileName}); choose another --out or remove it");
    }

    static string StagingFolder(string folder)
    {
        string full = Path.GetFullPath(folder);
        string parent = Path.GetDirectoryName(full) ?? throw new InvalidOperationException($"{folder} has no parent folder");
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, "." + Path.GetFileName(full) + ".partial-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        return staging;
    }

    static void Replace(string staging, string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(staging, folder);
    }

    static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
