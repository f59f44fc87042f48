using System.Text.Json;
using Dlnet.Cli.Common;
using Dlnet.Firmware;
using Dlnet.Pipeline;
using Dlnet.Reporting;
using Dlnet.Tests.Native;
using Dlnet.Tests.Reporting;

namespace Dlnet.Tests.Pipeline;

/// <summary>
/// The README's main job, as a new user runs it: <c>dlnet run --preset quick</c> on the built-in fleet ends in a
/// report that embeds every plot and names the final model, and a firmware folder whose C was checked bit for bit
/// on the host and under QEMU (CI installs the Arm toolchain).
/// </summary>
[Collection(QuickRunCollection.Name)]
public sealed class QuickRunTests(QuickRunFixture run)
{
    [ArmToolchainFact]
    public void TheQuickPresetEndsInAReportAndAVerifiedFirmwareFolder()
    {
        run.AssertSucceeded();
        string folder = run.Folder;

        var summary = RunSummary.ReadFolder(folder);
        string final = summary.Final!.Name;
        Assert.StartsWith("s2-", final);

        string html = File.ReadAllText(Path.Combine(folder, RunReport.FileName));
        var plots = Directory.GetFiles(Path.Combine(folder, RunReport.PlotsFolder), "*.png");
        // 2 Pareto charts, 8 test cells and the horizon chart (the built-in fleet has no paper segments)
        Assert.Equal(2 + 8 + 1, plots.Length);
        string[] inPageOrder = [.. plots.OrderBy(p => PageOrder(Path.GetFileName(p))).ThenBy(p => p, StringComparer.Ordinal)];
        ReportAssertions.EmbedsEveryPlot(html, inPageOrder);
        Assert.Contains($"<tr><th>final model</th><td>{final}</td></tr>", html);
        Assert.Contains(final + "-int8", html);
        // the built-in fleet has no paper segments: no section for them
        Assert.DoesNotContain("paper's segments", html);

        string firmware = Path.Combine(folder, Dlnet.Pipeline.FirmwareStep.FolderName);
        var deployed = DeploymentReport.Parse(File.ReadAllText(Path.Combine(firmware, DeploymentReport.FileName)));
        Assert.EndsWith(final, deployed.Model);
        Assert.True(deployed.BitExact.Host.WindowsCompared > 0);
        Assert.Equal(deployed.BitExact.Host.WindowsCompared, deployed.BitExact.Host.WindowsIdentical);
        Assert.NotNull(deployed.BitExact.Emulator);
        Assert.Equal(deployed.BitExact.Emulator.WindowsCompared, deployed.BitExact.Emulator.WindowsIdentical);
        Assert.True(deployed.FlashBytes > 0 && deployed.RamBytes > 0 && deployed.InstructionsPerInference > 0);
        foreach (string file in new[] { "dlnet_forecaster.ino", "model_data.c", "model_data.h", "dlnet_model.c", "dlnet_runtime.h" })
            Assert.True(File.Exists(Path.Combine(firmware, "dlnet_forecaster", file)), file);

        // summary.json carries deploy.json as it is
        using var fromSummary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.Equal(deployed.FlashBytes, fromSummary.RootElement.GetProperty("deployment").GetProperty("flash_bytes").GetInt64());
        Assert.Equal(deployed.ToJson(), DeploymentReport.Parse(fromSummary.RootElement.GetProperty("deployment").GetRawText()).ToJson());
    }

    [ArmToolchainFact]
    public void TheRunEndsWithWhatToOpenAndWhatToFlashAndSaysWhichFiguresAreMeasured()
    {
        run.AssertSucceeded();
        var lines = run.Result.Stdout.TrimEnd().Split('\n');
        string firmware = Path.Combine(run.Folder, Dlnet.Pipeline.FirmwareStep.FolderName);
        Assert.Equal($"  open the report   {Path.Combine(run.Folder, RunReport.FileName)}", lines[^2]);
        Assert.StartsWith($"  flash the board   {Path.Combine(firmware, "dlnet_forecaster")} (Arduino IDE, board core \"Arduino Mbed OS Nano Boards\")", lines[^1]);
        Assert.EndsWith($"steps in {Path.Combine(firmware, "README.md")}", lines[^1]);
        Assert.Equal("next:", lines[^3]);

        // the firmware's flash and RAM are the measured ones; the candidates table's are named as estimates
        var deployed = DeploymentReport.Parse(File.ReadAllText(Path.Combine(firmware, DeploymentReport.FileName)));
        string measured = Assert.Single(lines, l => l.StartsWith("  measured:", StringComparison.Ordinal));
        Assert.Contains($"{deployed.FlashBytes:N0} B flash, {deployed.RamBytes:N0} B static RAM (arm-none-eabi-gcc -Os build)", measured);
        // the latency is the timing model's (cycles costed from QEMU's trace), not a measurement on the board
        var cycles = deployed.CyclesPerForecast!;
        Assert.Single(lines, l => l.StartsWith("  modelled:  ", StringComparison.Ordinal) && l.Contains($"{cycles.Value:N0} cycles per forecast") && l.Contains("ms at 64 MHz"));
        Assert.DoesNotContain(lines, l => l.StartsWith("  estimated: ", StringComparison.Ordinal));
        // and the run says how far the selection's calibrated estimate was from it
        Assert.Single(lines, l => l.Contains("firmware: the cost model estimated ") && l.Contains($"the timing model gives {cycles.Value:N0}"));
        var summary = RunSummary.ReadFolder(run.Folder);
        var final = summary.Candidate(summary.Final!.Name)!;
        Assert.Single(lines, l => l.Contains("cost model's estimates") && l.Contains($"{final.FlashBytes:N0} B flash"));
        Assert.Single(lines, l => l.StartsWith("  int8 MAE: test1 ", StringComparison.Ordinal));
    }

    private static int PageOrder(string plot) => plot.Split('-')[0] switch { "pareto" => 0, "paper16" => 1, "test" => 2, _ => 3 };

}
