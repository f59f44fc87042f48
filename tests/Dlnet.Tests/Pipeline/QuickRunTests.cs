using System.Text.Json;
using Dlnet.Cli.Common;
using Dlnet.Firmware;
using Dlnet.Reporting;
using Dlnet.Tests.Reporting;

namespace Dlnet.Tests.Pipeline;

/// <summary>
/// The README's main job, as a new user runs it: <c>dlnet run --preset quick</c> on the built-in fleet ends in a
/// report that embeds every plot and names the final model, and a firmware folder whose C was checked bit for bit
/// on the host and under QEMU (CI installs the Arm toolchain).
/// </summary>
public sealed class QuickRunTests
{
    [Fact]
    public void TheQuickPresetEndsInAReportAndAVerifiedFirmwareFolder()
    {
        using var temp = new TempFolder();
        string folder = temp.File("quick");
        var r = Cli.Run("run", "--preset", "quick", "--out", folder, "--quiet");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);

        var summary = Dlnet.Reporting.RunSummary.Read(folder);
        string final = summary.Final.Name;
        Assert.StartsWith("s2-", final);

        string html = File.ReadAllText(Path.Combine(folder, RunReport.FileName));
        var plots = Directory.GetFiles(Path.Combine(folder, RunReport.PlotsFolder), "*.png");
        // 2 Pareto charts, 8 test cells and the horizon chart (the built-in fleet has no paper segments)
        Assert.Equal(2 + 8 + 1, plots.Length);
        string[] inPageOrder = [.. plots.OrderBy(p => PageOrder(Path.GetFileName(p))).ThenBy(p => p, StringComparer.Ordinal)];
        ReportAssertions.EmbedsEveryPlot(html, inPageOrder);
        Assert.Contains($"<tr><th>final model</th><td>{final}</td></tr>", html);
        Assert.Contains(final + "-int8", html);

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

    private static int PageOrder(string plot) => plot.Split('-')[0] switch { "pareto" => 0, "paper16" => 1, "test" => 2, _ => 3 };

}
