using System.CommandLine;
using System.Globalization;
using Dlnet.Cli.Common;
using Dlnet.Firmware;
using Dlnet.ModelFiles;
using Dlnet.Splits;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet deploy</c>: quantises a trained student, writes the firmware folder and checks it bit for bit.</summary>
public static class DeployCommand
{
    /// <summary>Most windows run under the emulator: each takes a few milliseconds of emulated time.</summary>
    public const int MaxEmulatorWindows = 1_000_000;

    public static Command Create()
    {
        var defaults = new DeploymentOptions();
        var model = new Option<string>("--model") { Description = "Model folder of an Euler student (dlnet train --model student, pruned or not).", Required = true };
        var data = new DataOptions();
        var protocol = new Option<string?>("--protocol") { Description = "cells or paper (default: the protocol the model was trained under)." };
        protocol.AcceptOnlyFromAmong([.. Protocols.Names]);
        var splitSeed = new Option<int?>("--split-seed") { Description = "Seed of the protocol's random splits (default: the model's)." };
        var output = new Option<string>("--out") { Description = "Firmware folder to write (the Arduino sketch, README.md, deploy.json).", Required = true }.WritesFolder();
        var emulatorWindows = new Option<int>("--emulator-windows")
        {
            Description = "Windows checked under QEMU: the paper's segments first, then report windows.",
            DefaultValueFactory = _ => defaults.EmulatorWindows,
        }.Between(1, MaxEmulatorWindows);

        var cmd = new Command("deploy", "Quantise a trained student to integers, generate C and an Arduino sketch, and check them against the integer engine.")
        {
            model, protocol, splitSeed, output, emulatorWindows,
        };
        data.AddTo(cmd);
        var outputs = new OutputOptions();
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            string modelDir = parseResult.GetValue(model)!;
            var description = ModelFile.ReadDescription(modelDir);
            ModelProvenance.From(modelDir, description); // names unfit for the generated C are refused before the data is read
            int windows = parseResult.GetValue(emulatorWindows);

            var series = data.Load(parseResult);
            if (description.Data is { } trainedOn && trainedOn.Fingerprint != DataFingerprint.Compute(series))
                stderr.WriteLine($"warning: the data differs from what {description.Name} was trained on ({trainedOn.Source}); calibration and report splits may not be the model's");
            var splits = ModelSplits.For(description, series, parseResult.GetValue(protocol), parseResult.GetValue(splitSeed));

            bool text = outputs.PrintsText(parseResult);
            var result = FirmwareDeployment.Run(modelDir, splits, parseResult.GetValue(output)!, defaults with { EmulatorWindows = windows }, text ? stdout.WriteLine : null);
            if (!parseResult.GetValue(outputs.Quiet))
                foreach (string note in result.Notes) stderr.WriteLine("note: " + note);
            if (text) Summary(result, stdout);
            outputs.WriteJsonText(parseResult, result.Report.ToJson());
            if (!result.BitExact)
            {
                stderr.WriteLine("error: the generated C does not reproduce the integer engine on every window (see deploy.json)");
                return ExitCodes.Failure;
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    static void Summary(DeploymentResult result, TextWriter stdout)
    {
        var r = result.Report;
        stdout.WriteLine();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Model.Name}: firmware in {result.Folder} (sketch {Path.GetFileName(result.SketchFolder)}/)"));
        if (result.Size is { } size)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  flash {size.FlashBytes} bytes, static RAM {size.RamBytes} bytes (model and inference code, Cortex-M4F -Os; whole probe program {size.ProgramFlashBytes} / {size.ProgramRamBytes})"));
        if (result.Emulator is { Cycles: { } c } ce)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {c.Value:N0} cycles per forecast ({c.Low:N0}-{c.High:N0}, Cortex-M4 timing model), {c.Milliseconds.Value:0.###} ms at 64 MHz; {ce.InstructionsMean:F0} instructions, stack {ce.StackBytes} bytes"));
        else if (result.Emulator is { } e && r.LatencyMsAt64Mhz is { } l)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {e.InstructionsMean:F0} instructions per forecast (QEMU), latency {l.Low:0.###}-{l.High:0.###} ms at 64 MHz, stack {e.StackBytes} bytes"));
        var rows = r.Int8Metrics.Concat(r.FloatMetrics).Concat(r.Baselines).ToArray();
        EvaluationTable.Write(rows, stdout);
    }
}
