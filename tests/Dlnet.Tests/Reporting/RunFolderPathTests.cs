using System.Text.Json.Nodes;
using Dlnet.Cli;
using Dlnet.Cli.Common;
using Dlnet.IO;
using Dlnet.Pipeline;

namespace Dlnet.Tests.Reporting;

/// <summary>
/// A run folder names its model folders in its own files (summary.json, candidate.json). A folder edited to point
/// elsewhere, at another model or anywhere on the machine, is refused with exit code 2 rather than followed.
/// </summary>
[Collection(RunFolderCollection.Name)]
public sealed class RunFolderPathTests(RunFolderFixture run)
{
    string Tampered(string name, string field, string value)
    {
        string folder = run.CopyRun(name);
        string path = Path.Combine(folder, "summary.json");
        var summary = JsonNode.Parse(File.ReadAllText(path))!;
        summary[field]!["folder"] = value;
        File.WriteAllText(path, summary.ToJsonString());
        return folder;
    }

    [Fact]
    public void TheReportRefusesAFinalFolderOutsideTheRun()
    {
        // A genuine model beside the run: followed, the report would draw it as the run's final model.
        string other = Path.Combine(run.Root, "other-model");
        Directory.CreateDirectory(other);
        foreach (string file in Directory.GetFiles(Path.Combine(run.RunFolder, "teacher"))) File.Copy(file, Path.Combine(other, Path.GetFileName(file)), overwrite: true);
        string folder = Tampered("escape-final", "final", "../other-model");
        var r = Cli.Run("report", "--run", folder);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Equal($"error: {Path.Combine(folder, "summary.json")}: final.folder '../other-model' leads outside the folder; it must name a folder inside {folder}\n", r.Stderr);
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));
        Assert.False(Directory.Exists(Path.Combine(folder, "plots")));
    }

    [Theory]
    [InlineData("../../..")]
    [InlineData("/tmp")]
    public void TheReportRefusesATeacherFolderOutsideTheRun(string teacher)
    {
        string folder = Tampered("escape-teacher-" + teacher.Length, "teacher", teacher);
        var r = Cli.Run("report", "--run", folder);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.StartsWith($"error: {Path.Combine(folder, "summary.json")}: teacher.folder '{teacher}' ", r.Stderr);
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));
    }

    [Theory]
    [InlineData("folder", "../../elsewhere")]
    [InlineData("folder", "candidates/s1-other")]
    [InlineData("parent", "s1-../../../elsewhere")]
    public void ACandidateRecordPointingAnywhereButItsOwnFolderIsRefused(string field, string value)
    {
        using var temp = new TempFolder();
        var folder = new RunFolder(temp.File("run"));
        const string name = "cp-student-h4-r2-p50";
        string dir = folder.CandidatePath(name);
        Directory.CreateDirectory(dir);
        var record = new JsonObject
        {
            ["name"] = name, ["stage"] = "compressed", ["parent"] = "s1-student-h4-r2", ["folder"] = RunFolder.RelativeCandidateFolder(name),
            ["architecture"] = "student",
        };
        File.WriteAllText(Path.Combine(dir, RunFolder.CandidateFileName), record.ToJsonString());
        Assert.Equal("s1-student-h4-r2", folder.ReadCandidate(name).Parent);

        record[field] = value;
        File.WriteAllText(Path.Combine(dir, RunFolder.CandidateFileName), record.ToJsonString());
        var e = Assert.Throws<DataFormatException>(() => folder.ReadCandidate(name));
        Assert.Equal(Path.Combine(dir, RunFolder.CandidateFileName), e.File);
        Assert.StartsWith($"{field} '{value}' ", e.Problem);
    }

    [Fact]
    public void ASummaryThatNeverEndsIsRefusedRatherThanRead()
    {
        string folder = run.CopyRun("endless-summary");
        string summary = Path.Combine(folder, "summary.json");
        File.Delete(summary);
        File.CreateSymbolicLink(summary, "/dev/zero");
        var r = Cli.Run("report", "--run", folder);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Equal($"error: {summary}: larger than {Dlnet.Pipeline.RunSummary.MaxBytes:N0} bytes, the largest run summary this build reads\n", r.Stderr);
    }

    [Fact]
    public void ACandidateRecordThatIsNotUtf8IsRefused()
    {
        using var temp = new TempFolder();
        var folder = new RunFolder(temp.File("run"));
        const string name = "s1-student-h4-r2";
        Directory.CreateDirectory(folder.CandidatePath(name));
        string path = Path.Combine(folder.CandidatePath(name), RunFolder.CandidateFileName);
        File.WriteAllBytes(path, [.. "{\"name\": \"s1-student-h4-r2\", \"stage\": \"stage1\", \"folder\": \"candidates/s1-student-h4-r2\", \"architecture\": \"st"u8, 0xff, .. "\"}"u8]);
        var e = Assert.Throws<DataFormatException>(() => folder.ReadCandidate(name));
        Assert.Equal(path, e.File);
    }
}
