using System.Text.Json;
using Dlnet.Cli.Common;
using Dlnet.Firmware;
using Dlnet.ModelFiles;
using Dlnet.Pipeline;
using Dlnet.Splits;
using Dlnet.Tests.Pipeline;

namespace Dlnet.Tests.CommandLine;

/// <summary><c>dlnet adapt</c> end to end, and every refusal with its exit code and nothing written.</summary>
[Collection(AdaptationCollection.Name)]
public sealed class AdaptCommandTests(AdaptationFixture fixture)
{
    private static readonly string[] Quick = ["--epochs", "2", "--patience", "0", "--threads", "2", "--teacher-lr", "1e-3", "--student-lr", "1e-3"];

    [Fact]
    public void AdaptingARunRedeploysItBitExactAndReportsBeforeAndAfter()
    {
        using var temp = new TempFolder();
        string output = temp.File("adapted");
        var r = Cli.Run(["adapt", "--run", fixture.RunPath, "--data", fixture.FleetPath, "--adapt-cells", "2", "--out", output, "--emulator-windows", "16", .. Quick]);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        Assert.Contains("best classical on the validation windows:", r.Stdout);
        Assert.Contains("final int8 after vs classical", r.Stdout);

        Assert.Equal(["adapt.json", "firmware", "model", "teacher"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order());
        Assert.Equal(["adapted"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
        var report = AdaptationReport.Read(Path.Combine(output, AdaptationReport.FileName));
        Assert.True(report.Adaptation.Drawn);
        Assert.Equal(fixture.Cells, report.Adaptation.Cells); // the draw of --seed 1
        Assert.Equal((2, 0, 1e-3, 1e-3, "huber"), (report.Adaptation.Epochs, report.Adaptation.Patience, report.Adaptation.TeacherLearningRate,
            report.Adaptation.StudentLearningRate, report.Adaptation.Loss));
        Assert.Equal("huber", ModelFile.ReadDescription(Path.Combine(output, Adaptation.ModelFolderName)).Training!.Settings.Loss);
        var deployment = report.Deployment!;
        Assert.True(deployment.BitExact.Everywhere);
        Assert.True(deployment.BitExact.Host.WindowsCompared > 0);
        Assert.Equal(Path.Combine(output, Adaptation.ModelFolderName), deployment.Model);
        var deployed = DeploymentReport.Parse(File.ReadAllText(Path.Combine(output, Adaptation.FirmwareFolderName, DeploymentReport.FileName)));
        Assert.Equal(deployment.ToJson(), deployed.ToJson());
        // The firmware's integer engine is the one adapt.json scores.
        Assert.Equal(report.Comparison.Single(c => c.Split == "test1").Int8After, deployed.Int8Metrics.Single(m => m.Split == "test1").Mae);
        string header = File.ReadAllText(Directory.EnumerateFiles(output, "dlnet_model.h", SearchOption.AllDirectories).Single());
        Assert.DoesNotContain(".partial-", header);

        // The adapted model is a model folder like any other: eval scores it on the held-out cells it names.
        var eval = Cli.Run("eval", "--model", Path.Combine(output, Adaptation.ModelFolderName), "--data", fixture.FleetPath);
        Assert.True(eval.ExitCode == ExitCodes.Success, eval.Stderr);
        Assert.Contains("protocol adapt", eval.Stdout);
        Assert.Contains("train_rest", eval.Stdout);

        // An earlier adaptation is replaced; --json prints adapt.json.
        var again = Cli.Run(["adapt", "--run", fixture.RunPath, "--data", fixture.FleetPath, "--cells", string.Join(',', fixture.Cells), "--out", output,
            "--emulator-windows", "16", "--json", .. Quick]);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Stderr);
        using var json = JsonDocument.Parse(again.Stdout);
        Assert.False(json.RootElement.GetProperty("adaptation").GetProperty("drawn").GetBoolean());
        Assert.False(AdaptationReport.Read(Path.Combine(output, AdaptationReport.FileName)).Adaptation.Drawn);
    }

    public static TheoryData<string[], int, string> Refusals => new()
    {
        { ["--data", "FLEET"], ExitCodes.Usage, "give either --run or --model" },
        { ["--run", "RUN", "--model", "MODEL", "--data", "FLEET"], ExitCodes.Usage, "give either --run or --model" },
        { ["--run", "RUN", "--teacher", "RUN/teacher", "--data", "FLEET"], ExitCodes.Usage, "--teacher goes with --model" },
        { ["--run", "RUN", "--data", "FLEET", "--cells", "CELLS", "--adapt-cells", "2"], ExitCodes.Usage, "give either --cells or --adapt-cells" },
        { ["--run", "RUN", "--data", "FLEET", "--adapt-cells", "11"], ExitCodes.Usage, "--adapt-cells: 11 is not between 1 and 10" },
        { ["--run", "RUN", "--data", "FLEET", "--adapt-cells", "0"], ExitCodes.Usage, "--adapt-cells: 0 is not between 1 and 10" },
        { ["--run", "RUN", "--data", "FLEET", "--cells", "Syn001,Nope"], ExitCodes.Usage, "--cells: no cell 'Nope'" },
        { ["--run", "RUN", "--data", "FLEET", "--cells", "Syn001,Syn002,Syn001"], ExitCodes.Usage, "--cells names 'Syn001' twice" },
        { ["--run", "RUN", "--data", "FLEET", "--cells", "Syn001,Syn002,Syn003,Syn004,Syn005,Syn006,Syn007,Syn008,Syn009,Syn010,Syn011"], ExitCodes.Usage, "adaptation takes at most 10" },
        { ["--run", "RUN", "--data", "FLEET", "--validation-share", "1"], ExitCodes.Usage, "--validation-share: 1 is not in (0, 1)" },
        { ["--run", "RUN", "--data", "FLEET", "--epochs", "0"], ExitCodes.Usage, "--epochs: 0 is not between 1 and 100000" },
        { ["--run", "RUN", "--data", "FLEET", "--student-lr", "-1"], ExitCodes.Usage, "--student-lr: -1 is not in (0, 1000000]" },
        { ["--run", "RUN", "--data", "FLEET", "--emulator-windows", "0"], ExitCodes.Usage, "--emulator-windows: 0 is not between 1 and 1000000" },
        { ["--run", "RUN", "--data", "FLEET", "--adapt-cells", "10"], ExitCodes.BadInput, "cannot draw 10" },
        { ["--run", "RUN/candidates", "--data", "FLEET"], ExitCodes.BadInput, "not a finished run folder: no summary.json" },
        { ["--model", "RUN", "--data", "FLEET"], ExitCodes.BadInput, "not a model folder: no model.json" },
        { ["--run", "RUN", "--data", "FLEET", "--cells", "SHORT"], ExitCodes.BadInput, "is too short to adapt on" },
        { ["--run", "RUN", "--data", "FLEET", "--adapt-cells", "2", "--teacher-lr", "1e6"], ExitCodes.Failure, "diverged" },
        { ["--run", "RUN", "--data", "FLEET", "--adapt-cells", "2", "--out", "FOREIGN"], ExitCodes.Usage, "exists and holds no earlier adaptation (adapt.json)" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void RefusalsNameTheirCauseAndWriteNothing(string[] args, int code, string message)
    {
        using var temp = new TempFolder();
        string foreign = temp.Write("foreign/notes.txt", "mine");
        string output = temp.File("adapted");
        string shortCell = fixture.NewFleet.MinBy(s => s.Length)!.Id;
        string[] resolved = [.. args.Select(a => a
            .Replace("RUN", fixture.RunPath).Replace("FLEET", fixture.FleetPath).Replace("CELLS", string.Join(',', fixture.Cells))
            .Replace("SHORT", shortCell).Replace("FOREIGN", Path.GetDirectoryName(foreign)!))];
        string[] command = resolved.Contains("--out") ? ["adapt", .. resolved] : ["adapt", .. resolved, "--out", output];

        var r = Cli.Run(command);
        Assert.Equal(code, r.ExitCode);
        string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(message, lines[0]);
        Assert.False(Directory.Exists(output));
        Assert.Equal(["foreign"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(foreign));
    }

    [Fact]
    public void TheShortestCellOfTheFleetIsTooShortToAdaptOn() =>
        // The refusal above relies on it.
        Assert.False(AdaptationProtocol.CanAdaptOn(fixture.NewFleet.MinBy(s => s.Length)!, new AdaptationProtocolOptions { Cells = [] }));
}
