using System.Diagnostics;
using System.Text.Json;
using Dlnet.Cli.Common;
using Dlnet.Pipeline;

namespace Dlnet.Tests.Pipeline;

public sealed class RunCommandTests
{
    /// <summary>Long enough (a few seconds) that a kill lands in the middle of stage 1 or 2.</summary>
    private const string KillConfig = """
        {
          "stage1": { "training": { "epochs": 6 } },
          "pruning": { "ratios": [0.2, 0.4, 0.6] },
          "stage2": { "training": { "epochs": 8 } }
        }
        """;

    [Fact]
    public void ARunKilledPartWayFinishesWithTheFrontOfAnUninterruptedRun()
    {
        using var temp = new TempFolder();
        string tiny = temp.Write("tiny.json", TinyRun.ConfigJson);
        string config = temp.Write("kill.json", MergeText(tiny, KillConfig));
        string fleet = TinyRun.WriteFleet(temp);
        string killed = temp.File("killed"), whole = temp.File("whole");
        string[] args = ["run", "--config", config, "--data", fleet, "--threads", "2", "--plain"];

        var log = new System.Text.StringBuilder();
        using (var child = Process.Start(ChildStart([.. args, "--out", killed]))!)
        {
            child.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            child.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            string candidates = Path.Combine(killed, RunFolder.CandidatesFolderName);
            var clock = Stopwatch.StartNew();
            while (!child.HasExited && !(Directory.Exists(candidates) && Directory.EnumerateDirectories(candidates).Any(d => !Path.GetFileName(d).StartsWith('.'))))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no candidate folder appeared");
                Thread.Sleep(5);
            }
            Assert.False(child.HasExited, $"the run ended before it could be killed: {log}");
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, RunFolder.SummaryFileName)), "the killed run got to its summary");
        int finishedBefore = Directory.EnumerateDirectories(Path.Combine(killed, RunFolder.CandidatesFolderName)).Count(d => !Path.GetFileName(d).StartsWith('.'));

        var resumed = Cli.Run([.. args, "--out", killed]);
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Stderr);
        var uninterrupted = Cli.Run([.. args, "--out", whole]);
        Assert.True(uninterrupted.ExitCode == ExitCodes.Success, uninterrupted.Stderr);

        var a = RunSummary.Read(Path.Combine(killed, RunFolder.SummaryFileName));
        var b = RunSummary.Read(Path.Combine(whole, RunFolder.SummaryFileName));
        Assert.True(a.Candidates.Count > finishedBefore, $"all {a.Candidates.Count} candidates were finished before the kill");
        Assert.Equal(b.Front, a.Front, FrontComparer.Instance);
        Assert.Equal(b.Final!.Name, a.Final!.Name);
        Assert.Equal(PipelineRunnerTests.Comparable(b), PipelineRunnerTests.Comparable(a));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(killed, RunFolder.CandidatesFolderName), ".tmp-*"));
    }

    [Fact]
    public void JsonPrintsTheSummaryAndBadConfigsSayWhere()
    {
        using var temp = new TempFolder();
        string tiny = temp.Write("tiny.json", TinyRun.ConfigJson);
        string fleet = TinyRun.WriteFleet(temp);
        var run = Cli.Run("run", "--config", tiny, "--data", fleet, "--out", temp.File("run"), "--json");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(File.ReadAllText(temp.File("run/summary.json")).Trim(), run.Stdout.Trim());
        Assert.Contains("== stage2", run.Stderr);

        string bad = temp.Write("bad.json", "{\n  \"stage1\": {\n    \"trainin\": { \"epochs\": 3 }\n  }\n}");
        var refused = Cli.Run("run", "--config", bad, "--out", temp.File("bad"));
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains($"{bad}:3: at stage1.trainin: unknown setting", refused.Stderr);
        Assert.False(Directory.Exists(temp.File("bad")));

        string invalid = temp.Write("invalid.json", """{ "pruning": { "ratios": [0.5, 1.2] }, "budget": { "ram_bytes": 0 } }""");
        var problems = Cli.Run("run", "--config", invalid, "--out", temp.File("bad"));
        Assert.Equal(ExitCodes.BadInput, problems.ExitCode);
        Assert.Contains("pruning.ratios: 1.2 is not in [0, 1)", problems.Stderr);
        Assert.Contains("budget.ram_bytes: must be positive", problems.Stderr);

        var other = Cli.Run("run", "--config", tiny, "--data", fleet, "--out", temp.File("run"), "--seed", "5", "--quiet");
        Assert.Equal(ExitCodes.Usage, other.ExitCode);
        Assert.Contains("seed: 1 before, 5 now", other.Stderr);
    }

    private static ProcessStartInfo ChildStart(string[] args) => CliProcess.Start(args);

    internal static string MergeText(string basePath, string overlay)
    {
        var merged = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(basePath))!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(overlay)!.AsObject())
        {
            if (value is System.Text.Json.Nodes.JsonObject o && merged[key] is System.Text.Json.Nodes.JsonObject existing)
                foreach (var (k, v) in o) existing[k] = v?.DeepClone();
            else merged[key] = value?.DeepClone();
        }
        return merged.ToJsonString();
    }

    private sealed class FrontComparer : IEqualityComparer<FrontSummary>
    {
        public static FrontComparer Instance { get; } = new();

        public bool Equals(FrontSummary? x, FrontSummary? y) =>
            x is not null && y is not null && x.Stage1.SequenceEqual(y.Stage1) && x.Final.SequenceEqual(y.Final);

        public int GetHashCode(FrontSummary obj) => obj.Stage1.Count;
    }
}
