using Dlnet.Cli.Common;
using Dlnet.Pipeline;

namespace Dlnet.Tests.Pipeline;

/// <summary><c>dlnet run --shard K/N</c> as N concurrent processes on one run folder, against the unsharded run.</summary>
public sealed class ShardedRunTests(ShardedRunFixture run) : IClassFixture<ShardedRunFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(2, false)]
    [InlineData(4, true)]
    public void NConcurrentShardsGiveTheUnshardedRunByteForByte(int count, bool alsoFinisher)
    {
        using var temp = new TempFolder();
        string folder = temp.File("run");
        var processes = Enumerable.Range(0, count).Select(k => CliProcess.Run([.. run.Args, "--out", folder, "--shard", $"{k}/{count}"])).ToList();
        // A finisher started beside shard 0 waits for every candidate and finishes once more, never at the same time.
        if (alsoFinisher) processes.Add(CliProcess.Run([.. run.Args, "--out", folder, "--finish"]));
        try
        {
            foreach (var p in processes) Assert.True(p.Wait(Limit) == ExitCodes.Success, p.Log);
            // Shard 1 takes the teacher from shard 0 (whether it had to wait for it depends on which process starts first).
            Assert.DoesNotContain("teacher started", processes[1].Log);
            Assert.Contains("teacher started", processes[0].Log);
            Assert.Contains($"shard {count - 1}/{count}: its share of the candidates is in", processes[count - 1].Log);
            Assert.Contains("report.html", processes[0].Log);
            run.AssertSameAsUnsharded(folder);
            Assert.Empty(Directory.EnumerateDirectories(Path.Combine(folder, RunFolder.CandidatesFolderName), ".tmp-*"));
        }
        finally
        {
            foreach (var p in processes) p.Dispose();
        }
    }

    [Fact]
    public void AShardKilledInStage2AndRerunResumesItsShare()
    {
        using var temp = new TempFolder();
        string folder = temp.File("run");
        using var shard0 = CliProcess.Run([.. run.Args, "--out", folder, "--shard", "0/2"]);
        using (var shard1 = CliProcess.Run([.. run.Args, "--out", folder, "--shard", "1/2"]))
        {
            bool inStage2 = shard1.WaitUntil(() => shard1.Log.Contains("[stage2 1/"), Limit);
            Assert.True(inStage2 && !shard1.HasExited, $"shard 1 ended before it could be killed: {shard1.Log}");
            shard1.Kill();
        }
        Assert.False(File.Exists(Path.Combine(folder, RunFolder.SummaryFileName)));
        // Shard 0 waits for the share of the killed shard; the rerun makes only what is missing.
        Assert.True(shard0.WaitUntil(() => shard0.Log.Contains("stage2 candidates from the other shards"), Limit), shard0.Log);
        Assert.False(shard0.HasExited, shard0.Log);

        using var rerun = CliProcess.Run([.. run.Args, "--out", folder, "--shard", "1/2"]);
        Assert.True(rerun.Wait(Limit) == ExitCodes.Success, rerun.Log);
        Assert.True(shard0.Wait(Limit) == ExitCodes.Success, shard0.Log);
        Assert.Contains("== stage1: 1 candidate(s), 1 finished before, 0 to make", rerun.Log);
        run.AssertSameAsUnsharded(folder);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(folder, RunFolder.CandidatesFolderName), ".tmp-*"));
    }

    [Fact]
    public void AShardOfAnotherConfigIsRefusedAndAShardAloneGivesUpWaiting()
    {
        using var temp = new TempFolder();
        string folder = temp.File("run");
        string config = Path.Combine(folder, RunFolder.ConfigFileName);
        using var shard0 = CliProcess.Run([.. run.Args, "--out", folder, "--shard", "0/2", "--wait-minutes", "0.05"]);
        Assert.True(shard0.WaitUntil(() => File.Exists(config), Limit), shard0.Log);
        string before = File.ReadAllText(config);

        var seed = Cli.Run([.. run.Args, "--out", folder, "--shard", "1/2", "--seed", "5"]);
        Assert.Equal(ExitCodes.BadInput, seed.ExitCode);
        Assert.Contains($"error: {config}: the run has another configuration (seed: 1 before, 5 now)", seed.Stderr);
        var threads = Cli.Run([.. run.Args[..^3], "--threads", "1", "--plain", "--out", folder, "--shard", "1/2"]);
        Assert.Equal(ExitCodes.BadInput, threads.ExitCode);
        Assert.Contains("threads: 2 before, 1 now", threads.Stderr);
        Assert.Equal(before, File.ReadAllText(config));

        // Without shard 1 its stage-1 share never comes: shard 0 stops after its wait, keeping what it made.
        Assert.Equal(ExitCodes.Failure, shard0.Wait(Limit));
        Assert.Contains("error: shard 0/2 waited", shard0.Log);
        Assert.Contains("stage1 candidates from the other shards", shard0.Log);
        Assert.True(File.Exists(Path.Combine(folder, RunFolder.TeacherFolderName, "model.json")));
        Assert.DoesNotContain("   at ", shard0.Log);
    }

    /// <summary>The job-array recipe on a one-node Slurm started by its harness: two array tasks, one run folder.</summary>
    [SlurmFact]
    public void TheSlurmJobArrayGivesTheUnshardedRun()
    {
        using var temp = new TempFolder();
        string folder = temp.File("run");
        string script = Path.Combine(Native.NativeToolchain.RepositoryRoot, "examples", "slurm", "local-cluster.sh");
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        // The tasks' --threads is their CPU count: 2, as in the unsharded run.
        foreach (string a in (string[])[.. run.Args[1..^3], "--out", folder]) start.ArgumentList.Add(a);
        start.Environment["SHARDS"] = "2";
        // The harness gives up (and stops its daemons) before the test does.
        start.Environment["TIMEOUT"] = "240";
        start.Environment["CPUS_PER_TASK"] = "2";
        start.Environment["DLNET"] = "dotnet " + Path.Combine(AppContext.BaseDirectory, "Dlnet.Cli.dll");
        using var harness = System.Diagnostics.Process.Start(start)!;
        var stdout = harness.StandardOutput.ReadToEndAsync();
        string stderr = harness.StandardError.ReadToEnd();
        Assert.True(harness.WaitForExit(TimeSpan.FromMinutes(5)), "the Slurm harness did not finish");
        Assert.True(harness.ExitCode == 0, $"{stdout.Result}\n{stderr}");
        Assert.Contains("the job array finished", stdout.Result);
        Assert.Contains("shard 1/2: its share of the candidates is in", stdout.Result);
        run.AssertSameAsUnsharded(folder);
    }

    [Theory]
    [InlineData("2/2", "--shard: 2/2: K must be between 0 and N - 1 = 1")]
    [InlineData("0/0", "--shard: 0/0: N must be between 1 and 256")]
    [InlineData("0/257", "--shard: 0/257: N must be between 1 and 256")]
    [InlineData("-1/2", "--shard: '-1/2' is not K/N")]
    [InlineData("1", "--shard: '1' is not K/N")]
    [InlineData("a/b", "--shard: 'a/b' is not K/N")]
    [InlineData("1/2/3", "--shard: '1/2/3' is not K/N")]
    public void BadShardValuesAreUsageErrors(string value, string message)
    {
        using var temp = new TempFolder();
        var result = Cli.Run("run", "--out", temp.File("run"), "--shard", value);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.False(Directory.Exists(temp.File("run")));
    }

    [Theory]
    [InlineData(new[] { "--shard", "0/2", "--finish" }, "--shard and --finish: give one")]
    [InlineData(new[] { "--shard", "0/2", "--force" }, "--force cannot clear a run folder that other shards share")]
    [InlineData(new[] { "--wait-minutes", "5" }, "--wait-minutes: only with --shard or --finish")]
    [InlineData(new[] { "--finish", "--wait-minutes", "0" }, "--wait-minutes: 0 is not in (0, 100000]")]
    public void ShardOptionsThatDoNotGoTogetherAreUsageErrors(string[] options, string message)
    {
        using var temp = new TempFolder();
        var result = Cli.Run(["run", "--out", temp.File("run"), .. options]);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }
}
