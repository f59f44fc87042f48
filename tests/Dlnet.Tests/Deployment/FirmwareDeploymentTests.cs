using System.Text.Json;
using Dlnet.Architectures;
using Dlnet.Firmware;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Tests.Native;

namespace Dlnet.Tests.Deployment;

/// <summary>
/// A tiny student trained for two epochs on a small synthetic fleet, deployed once with every check on; its window
/// passes a running median over 5 values first, so that every check covers the filter kernel in the generated C.
/// </summary>
public sealed class DeployedStudent : IDisposable
{
    public TempFolder Folder { get; } = new();

    public string Model => Folder.File("model");

    public string Firmware => Folder.File("firmware");

    public DeploymentResult Result { get; }

    public DeployedStudent()
    {
        DeploymentFixtures.TrainStudent(Model, new NetworkOptions { EncoderWidth = 8, Hidden = 4, Rank = 2, DecoderWidths = [8] }, medianWidth: 5);
        Result = FirmwareDeployment.Run(Model, DeploymentFixtures.RunSplits, Firmware, new DeploymentOptions { EmulatorWindows = 24 });
    }

    public void Dispose() => Folder.Dispose();
}

/// <summary>
/// End to end: the generated C of a trained student is identical to the C# integer engine on every report window
/// on the host (strict warnings, then sanitizers) and under QEMU's Cortex-M4; sizes and instruction counts are
/// measured; deploy.json has the contract's form; missing Arm tools give nulls, not failures.
/// </summary>
public sealed class FirmwareDeploymentTests(DeployedStudent deployed) : IClassFixture<DeployedStudent>
{
    [ArmToolchainFact]
    public void GeneratedCIsIdenticalToTheEngineOnHostSanitizersAndEmulator()
    {
        var r = deployed.Result;
        int reportWindows = DeploymentFixtures.Splits.Reports.Sum(s => s.Count);
        Assert.True(reportWindows > 100, $"only {reportWindows} report windows");
        Assert.Equal(new WindowComparison(reportWindows, reportWindows), r.Report.BitExact.Host);
        Assert.Equal(new WindowComparison(reportWindows, reportWindows), r.SanitizedHost);
        Assert.Equal(new WindowComparison(24, 24), r.Report.BitExact.Emulator);
        Assert.True(r.BitExact);
        Assert.Empty(r.Notes);
        Assert.Contains("dlnet_median5_filter_s16(", File.ReadAllText(Path.Combine(deployed.Result.SketchFolder, "dlnet_model.c")));
    }

    [ArmToolchainFact]
    public void ReportsSizesInstructionsAndLatency()
    {
        var r = deployed.Result.Report;
        Assert.InRange(r.FlashBytes!.Value, 2_000, 64_000);
        Assert.InRange(r.RamBytes!.Value, 100, 4_096);
        Assert.InRange(r.InstructionsPerInference!.Value, 5_000, 200_000);
        var e = deployed.Result.Emulator!;
        // The latency range is the timing model's, at 64 MHz.
        var c = r.CyclesPerForecast!;
        Assert.Same(c, e.Cycles);
        Assert.Equal(new LatencyRange(c.Milliseconds.Low, c.Milliseconds.High), r.LatencyMsAt64Mhz);
        // Milliseconds are rounded to 4 decimals in deploy.json.
        Assert.True(Math.Abs(c.Value / 64e3 - c.Milliseconds.Value) <= 5e-5, $"{c.Value} cycles, {c.Milliseconds.Value} ms");
        Assert.True(c.Low < c.Value && c.Value < c.High, $"{c.Low} {c.Value} {c.High}");
        // Every instruction costs at least one cycle (a folded IT none), none more than a divide.
        Assert.InRange(c.Value, 0.9 * c.Instructions, 12.0 * c.Instructions);
        // The traced forecasts execute what SysTick counted for all windows, to its resolution and the windows' spread.
        Assert.InRange(c.Instructions, e.InstructionsMin - VerifyRun.InstructionsPerTick, e.InstructionsMax + VerifyRun.InstructionsPerTick);
        Assert.Equal(3, c.Windows);
        // The breakdown adds up to the total and names the model's entry point and the runtime's kernels.
        Assert.Equal(c.Instructions, c.Breakdown.Sum(f => f.Instructions), 0.01 * c.Instructions);
        Assert.Equal(c.Value, c.Breakdown.Sum(f => f.Cycles), 0.01 * c.Value);
        Assert.Contains(c.Breakdown, f => f.Function == "dlnet_model_forecast" && f.Kind == "model");
        Assert.Contains(c.Breakdown, f => f.Function == "dlnet_fully_connected_s8_s16" && f.Kind == "kernel");
        // Per caller, the library code (64-bit division, copies) is inside the kernels and the model code that call it.
        Assert.Equal(c.Value, c.ByCaller.Sum(f => f.Cycles), 0.01 * c.Value);
        Assert.All(c.ByCaller, f => Assert.True(f.Kind is "kernel" or "model", $"{f.Function} is a {f.Kind}"));
        // The runtime's shared 64-bit requantisation is a helper: charged to the kernels that call it.
        Assert.Contains(c.Breakdown, f => f.Function == "dlnet_multiply_by_quantized_multiplier_s64" && f.Kind == "helper");
        Assert.DoesNotContain(c.Assumptions, a => a.Contains("not in the table", StringComparison.Ordinal));
        Assert.True(e.InstructionsMin <= e.InstructionsMean && e.InstructionsMean <= e.InstructionsMax);
        Assert.InRange(e.StackBytes, 64, 2_048);
        Assert.StartsWith("gcc", r.Toolchain.HostCc);
        Assert.Contains("arm-none-eabi-gcc", r.Toolchain.ArmCc);
        Assert.Contains("QEMU", r.Toolchain.Qemu);
    }

    [ArmToolchainFact]
    public void TheCostModelsRangeHoldsTheTimingModelsCycles()
    {
        // Selection judges the budget on the calibrated upper bound: the traced figure must lie inside the estimate.
        var latency = Dlnet.Selection.CostModel.Estimate(ModelFile.Load(deployed.Model).Network).Latency;
        var cycles = deployed.Result.Report.CyclesPerForecast!;
        Assert.InRange(cycles.Value, latency.CyclesLow, latency.CyclesHigh);
        Assert.InRange(cycles.High, latency.Cycles, 1.5 * latency.CyclesHigh);
    }

    [ArmToolchainFact]
    public void DeployJsonHasTheContractForm()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(deployed.Firmware, DeploymentReport.FileName)));
        var root = doc.RootElement;
        Assert.Equal(["model", "flash_bytes", "ram_bytes", "instructions_per_inference", "latency_ms_at_64mhz", "cycles_per_forecast", "int8_metrics", "float_metrics",
            "baselines", "bit_exact", "toolchain"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["low", "high"], root.GetProperty("latency_ms_at_64mhz").EnumerateObject().Select(p => p.Name));
        var cycles = root.GetProperty("cycles_per_forecast");
        Assert.Equal(["value", "low", "high", "instructions", "windows_traced", "clock_hz", "milliseconds", "breakdown", "by_caller", "assumptions"], cycles.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["value", "low", "high"], cycles.GetProperty("milliseconds").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["function", "kind", "instructions", "cycles", "cycles_low", "cycles_high"], cycles.GetProperty("breakdown")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["host", "emulator"], root.GetProperty("bit_exact").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["windows_compared", "windows_identical"], root.GetProperty("bit_exact").GetProperty("host").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["host_cc", "arm_cc", "qemu"], root.GetProperty("toolchain").EnumerateObject().Select(p => p.Name));
        string[] splits = [.. DeploymentFixtures.Splits.All.Select(s => s.Name)];
        foreach (string key in new[] { "int8_metrics", "float_metrics", "baselines" })
        {
            var rows = root.GetProperty(key).EnumerateArray().ToList();
            Assert.Equal(splits, rows.Select(r => r.GetProperty("split").GetString()));
            foreach (var row in rows)
                Assert.Equal(["predictor", "split", "windows", "mae", "rmse", "mape", "mae_at_10", "mae_at_100"], row.EnumerateObject().Select(p => p.Name));
        }
        // The classical reference is the family's best on the validation cells, as the run summary's.
        Assert.Equal(Dlnet.Baselines.BestClassical.Score(DeploymentFixtures.Splits).Chosen, root.GetProperty("baselines")[0].GetProperty("predictor").GetString());
        Assert.Equal(deployed.Model, root.GetProperty("model").GetString());
        Assert.Equal(deployed.Result.Report, DeploymentReport.Parse(File.ReadAllText(Path.Combine(deployed.Firmware, DeploymentReport.FileName))) with
        {
            Int8Metrics = deployed.Result.Report.Int8Metrics,
            FloatMetrics = deployed.Result.Report.FloatMetrics,
            Baselines = deployed.Result.Report.Baselines,
            CyclesPerForecast = deployed.Result.Report.CyclesPerForecast,
        });
    }

    [Fact]
    public void WritesASketchFolderOfGeneratedFilesThatSayWhereTheyCameFrom()
    {
        string sketch = deployed.Result.SketchFolder;
        Assert.Equal(Path.Combine(deployed.Firmware, "dlnet_forecaster"), sketch);
        foreach (string file in new[] { "dlnet_forecaster.ino", "dlnet_model.h", "dlnet_model.c", "model_data.h", "model_data.c", "dlnet_runtime.h",
                     "dlnet_types.h", "dlnet_internal.h", "dlnet_fixed_point.h", "dlnet_fully_connected_s16.c", "dlnet_layer_norm_s16.c",
                     "dlnet_liquid_euler_s16.c", "dlnet_forecast_s8_s16.c" })
            Assert.True(File.Exists(Path.Combine(sketch, file)), file + " missing");
        foreach (string file in new[] { "dlnet_forecaster.ino", "dlnet_model.h", "dlnet_model.c", "model_data.h", "model_data.c" })
        {
            string text = File.ReadAllText(Path.Combine(sketch, file));
            Assert.Contains($"Generated by DLNet {ToolVersion.Current}", text);
            Assert.Contains("in the folder 'model'", text);
            Assert.DoesNotContain(deployed.Folder.Path, text); // no absolute path: it means nothing on another machine
            Assert.Contains("student", text);
        }
        Assert.Contains("const int8_t dlnet_model_head_weights[800]", File.ReadAllText(Path.Combine(sketch, "model_data.c")));
        string readme = File.ReadAllText(Path.Combine(deployed.Firmware, "README.md"));
        Assert.Contains("## Measured", readme);
        Assert.Contains("from the model in the folder `model`", readme);
        Assert.DoesNotContain(deployed.Folder.Path, readme);
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(deployed.Firmware)!, ".firmware.partial-*"));
    }

    [Fact]
    public void SketchCompilesAsArduinoCxxAgainstAStubCore()
    {
        string gxx = NativeToolchain.Require("g++", "g++");
        using var stub = new TempFolder();
        stub.Write("Arduino.h", """
            #include <stdint.h>
            struct StubSerial {
                void begin(unsigned long) {}
                explicit operator bool() const { return true; }
                int available() { return 1; }
                int read() { return '1'; }
                void print(const char *) {}
                void print(int) {}
                void println(const char *) {}
                void println(int) {}
                void println(double, int) {}
            };
            extern StubSerial Serial;
            unsigned long micros();
            """);
        string ino = Path.Combine(deployed.Result.SketchFolder, "dlnet_forecaster.ino");
        var result = NativeToolchain.Run(gxx, ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-x", "c++", "-I", stub.Path,
            "-I", deployed.Result.SketchFolder, ino], stub.Path, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void SketchRefusesValuesThatAreNotSohAndSaysWhy()
    {
        // The sketch built for the host against a core whose Serial is standard input and output.
        string gcc = NativeToolchain.Require("gcc", "gcc"), gxx = NativeToolchain.Require("g++", "g++");
        using var host = new TempFolder();
        host.Write("Arduino.h", """
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            struct StubSerial {
                void begin(unsigned long) {}
                explicit operator bool() const { return true; }
                int available() { const int c = getchar(); if (c == EOF) { fflush(stdout); exit(0); } ungetc(c, stdin); return 1; }
                int read() { return getchar(); }
                void print(const char *s) { fputs(s, stdout); }
                void print(int v) { printf("%d", v); }
                void println(const char *s) { puts(s); }
                void println(int v) { printf("%d\n", v); }
                void println(double v, int digits) { printf("%.*f\n", digits, v); }
            };
            extern StubSerial Serial;
            unsigned long micros();
            """);
        host.Write("main.cpp", """
            #include "Arduino.h"
            StubSerial Serial;
            unsigned long micros() { return 0; }
            void setup();
            void loop();
            int main() { setup(); for (;;) { loop(); } }
            """);
        string sketch = deployed.Result.SketchFolder;
        var objects = new List<string>();
        foreach (string c in Directory.GetFiles(sketch, "*.c"))
        {
            string o = host.File(Path.GetFileNameWithoutExtension(c) + ".o");
            NativeToolchain.Compile(gcc, [.. NativeToolchain.StrictFlags, "-I", sketch, "-c", c, "-o", o], host.Path);
            objects.Add(o);
        }
        string exe = host.File("sketch");
        NativeToolchain.Compile(gxx, ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-I", host.Path, "-I", sketch,
            "-x", "c++", Path.Combine(sketch, "dlnet_forecaster.ino"), host.File("main.cpp"), "-x", "none", .. objects, "-lm", "-o", exe], host.Path);

        var model = deployed.Result.Model;
        string Window(string odd = "") => odd + string.Join(" ", Enumerable.Repeat("0.95", model.InputLength - (odd.Length > 0 ? 1 : 0)));
        string[] refused = ["nan", "inf", "abc", "0x1p-1", "1.5", "0.4999", "-0.1", "1e400", "12345678901234567890123456789"];
        string input = Window() + "\n" + string.Concat(refused.Select(v => Window(v + " ") + "\n")) + Window() + "\r\n";
        host.Write("input.txt", input);
        var run = NativeToolchain.Run("/bin/sh", ["-c", $"'{exe}' < '{host.File("input.txt")}'"], host.Path, TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, run.Output);

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = lines.Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToArray();
        Assert.Equal([
            "error: 'nan' is not a decimal number; the window is dropped, send it again",
            "error: 'inf' is not a decimal number; the window is dropped, send it again",
            "error: 'abc' is not a decimal number; the window is dropped, send it again",
            "error: '0x1p-1' is not a decimal number; the window is dropped, send it again",
            "error: '1.5' is outside [0.5, 1.5), the SOH values the codes cover; the window is dropped, send it again",
            "error: '0.4999' is outside [0.5, 1.5), the SOH values the codes cover; the window is dropped, send it again",
            "error: '-0.1' is outside [0.5, 1.5), the SOH values the codes cover; the window is dropped, send it again",
            "error: '1e400' is outside [0.5, 1.5), the SOH values the codes cover; the window is dropped, send it again",
            "error: '12345678901234567890123' is too long for a number; the window is dropped, send it again",
        ], errors);
        // Only the two good windows were forecast, each with its full horizon of SOH values.
        Assert.Equal(2, lines.Count(l => l.StartsWith("us ", StringComparison.Ordinal)));
        var values = lines.Where(l => !l.StartsWith("error", StringComparison.Ordinal) && !l.StartsWith("us ", StringComparison.Ordinal) && !l.StartsWith("dlnet_forecaster", StringComparison.Ordinal))
            .Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2 * model.Horizon, values.Length);
        Assert.All(values, v => Assert.InRange(v, 0.5, 1.2));
    }

    [Fact]
    public void WithoutTheArmToolsTheHostCheckStillRunsAndArmNumbersAreNull()
    {
        using var folder = new TempFolder();
        string output = folder.File("firmware");
        var r = FirmwareDeployment.Run(deployed.Model, DeploymentFixtures.RunSplits, output,
            new DeploymentOptions { ArmCompiler = "dlnet-no-such-arm-gcc", Emulator = "dlnet-no-such-qemu", Sanitizers = false });
        Assert.Null(r.Report.FlashBytes);
        Assert.Null(r.Report.RamBytes);
        Assert.Null(r.Report.InstructionsPerInference);
        Assert.Null(r.Report.LatencyMsAt64Mhz);
        Assert.Null(r.Report.BitExact.Emulator);
        Assert.Null(r.Report.Toolchain.ArmCc);
        Assert.Null(r.Report.Toolchain.Qemu);
        Assert.Equal(r.Report.BitExact.Host.WindowsCompared, r.Report.BitExact.Host.WindowsIdentical);
        Assert.Contains(r.Notes, n => n.Contains("dlnet-no-such-arm-gcc not found"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, DeploymentReport.FileName)));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("flash_bytes").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("bit_exact").GetProperty("emulator").ValueKind);
        // Deploying again over an earlier deployment replaces it.
        FirmwareDeployment.Run(deployed.Model, DeploymentFixtures.RunSplits, output, new DeploymentOptions { ArmCompiler = "dlnet-no-such-arm-gcc", Sanitizers = false });
        Assert.True(File.Exists(Path.Combine(output, DeploymentReport.FileName)));
    }

    [Fact]
    public void OtherFormsAndPrunedStudentsAreIdenticalOnTheHost()
    {
        using var folder = new TempFolder();
        var noArm = new DeploymentOptions { ArmCompiler = "dlnet-no-such-arm-gcc", Sanitizers = false };
        DeploymentFixtures.TrainStudent(folder.File("delta"), new NetworkOptions { EncoderWidth = 7, Hidden = 3, Rank = 2, DecoderWidths = [5, 9], Steps = 2 }, OutputForm.Delta, epochs: 1);
        DeploymentFixtures.TrainStudent(folder.File("minmax"), new NetworkOptions { EncoderWidth = 6, Hidden = 2, Rank = 1, DecoderWidths = [4] }, OutputForm.MinMax, epochs: 1);
        var trained = DeploymentFixtures.TrainStudent(folder.File("wide"), new NetworkOptions { EncoderWidth = 12, Hidden = 6, Rank = 3, DecoderWidths = [10, 8] }, epochs: 1);
        DeploymentFixtures.SavePruned(trained, folder.File("pruned"));
        foreach (string model in new[] { "delta", "minmax", "pruned" })
        {
            var r = FirmwareDeployment.Run(folder.File(model), DeploymentFixtures.RunSplits, folder.File(model + "-firmware"), noArm);
            Assert.True(r.Report.BitExact.Host.WindowsCompared > 100);
            Assert.True(r.BitExact, $"{model}: {r.Report.BitExact.Host.WindowsIdentical} of {r.Report.BitExact.Host.WindowsCompared} windows identical");
        }
    }

    [Fact]
    public void RefusesAnOutputFolderThatIsNotAnEarlierDeployment()
    {
        using var folder = new TempFolder();
        folder.Write("firmware/notes.txt", "mine");
        var e = Assert.Throws<InvalidOperationException>(() => FirmwareDeployment.Run(deployed.Model, DeploymentFixtures.RunSplits, folder.File("firmware")));
        Assert.Contains("not a firmware folder", e.Message);
        Assert.Equal("mine", File.ReadAllText(folder.File("firmware/notes.txt")));
    }

    [ArmToolchainFact]
    public void CommandLineDeploysAndPrintsTheSummary()
    {
        using var folder = new TempFolder();
        string output = folder.File("fw");
        var r = Cli.Run("deploy", "--model", deployed.Model, "--data", DeploymentFixtures.Csv, "--out", output, "--emulator-windows", "4");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Equal("", r.Stderr);
        Assert.Contains("windows identical to the C# engine", r.Stdout);
        Assert.Contains("bytes of flash", r.Stdout);
        Assert.Contains("instructions per forecast", r.Stdout);
        Assert.Contains("student-int8", r.Stdout);
        Assert.Contains(Dlnet.Baselines.BestClassical.Score(DeploymentFixtures.Splits).Chosen, r.Stdout);
        Assert.True(File.Exists(Path.Combine(output, DeploymentReport.FileName)));
    }

    [Fact]
    public void CommandLineRefusesAModelThatIsNotAStudent()
    {
        using var folder = new TempFolder();
        var mlp = new NetworkForecaster("mlp", ArchitectureRegistry.Named("mlp").Create<float>(new NetworkOptions { Hidden = 4, Layers = 1 }, 100, 100),
            WindowEncoding.Fit(OutputForm.Residual, Dlnet.Splits.WindowArrays.From(DeploymentFixtures.Splits.Train)));
        var d = ModelFile.ReadDescription(deployed.Model) with { Name = "mlp", Architecture = "mlp", Options = new NetworkOptions { Hidden = 4, Layers = 1 }, ParameterCount = mlp.Network.Parameters.Count };
        ModelFile.Save(folder.File("mlp"), d, mlp.Network.Parameters);
        var r = Cli.Run("deploy", "--model", folder.File("mlp"), "--data", DeploymentFixtures.Csv, "--out", folder.File("fw"));
        Assert.Equal(Dlnet.Cli.Common.ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("knows the student architecture, not 'mlp'", r.Stderr);
        Assert.False(Directory.Exists(folder.File("fw")));
    }
}
