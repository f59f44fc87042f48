using Dlnet.Firmware;
using Dlnet.Pipeline;

namespace Dlnet.Tests.Pipeline;

/// <summary>The firmware step says why it made no firmware, and leaves the summary's deployment null.</summary>
public sealed class FirmwareStepTests
{
    private sealed class Notes : IProgress<RunEvent>
    {
        public List<string> Lines { get; } = [];

        public void Report(RunEvent value)
        {
            if (value is RunNote note) lock (Lines) Lines.Add(note.Message);
        }
    }

    [Fact]
    public void WithoutAHostCompilerTheRunEndsWithANoteAndNoFirmware()
    {
        using var temp = new TempFolder();
        var folder = new RunFolder(temp.File("run"));
        var step = new FirmwareStep(new DeploymentOptions { HostCompiler = "dlnet-no-such-cc" });
        var notes = new Notes();
        var summary = new PipelineRunner(TinyRun.Config(temp), TinyRun.Fleet, folder).Run(notes, finishing: [step]);
        Assert.NotNull(summary.Final);
        Assert.Null(summary.Deployment);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, FirmwareStep.FolderName)));
        Assert.Contains(notes.Lines, l => l.StartsWith("firmware: dlnet-no-such-cc not found, so the generated C cannot be checked", StringComparison.Ordinal));
    }

    [Fact]
    public void ARecurrentFinalModelHasNoIntegerForm()
    {
        using var temp = new TempFolder();
        var tiny = TinyRun.Config(temp);
        var config = tiny with
        {
            Stage1 = tiny.Stage1 with { Grid = [new StudentGridEntry { Architecture = "cfc", Hidden = [4] }] },
            Budget = tiny.Budget with { LatencyMs = 100, FlashBytes = 64 * 1024 },
        };
        var notes = new Notes();
        var summary = new PipelineRunner(config, TinyRun.Fleet, new RunFolder(temp.File("run"))).Run(notes, finishing: [new FirmwareStep()]);
        Assert.Equal("cp-cfc-h4-p0", summary.Final?.Name);
        Assert.Null(summary.Deployment);
        Assert.Contains("firmware: the final model is a 'cfc'; the int8 firmware is built for Euler students", notes.Lines);
    }
}
