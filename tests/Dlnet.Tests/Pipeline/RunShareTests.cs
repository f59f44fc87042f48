using Dlnet.Pipeline;

namespace Dlnet.Tests.Pipeline;

public sealed class RunShareTests
{
    [Fact]
    public void EveryCandidateIsInExactlyOneShareForEveryCount()
    {
        var jobs = Enumerable.Range(0, 23)
            .Select(i => new CandidateJob($"c{i}", CandidateStages.Stage1, null, 0, (_, _) => throw new InvalidOperationException(), 1, Work: (i * 37) % 11))
            .ToList();
        foreach (int n in new[] { 1, 2, 3, 4, 7, 23, 64, RunShare.MaxCount })
        {
            var shares = Enumerable.Range(0, n).Select(k => RunShare.Shard(k, n).Of(jobs).Select(j => j.Name).ToList()).ToList();
            var all = shares.SelectMany(s => s).ToList();
            Assert.Equal(jobs.Count, all.Count);
            Assert.Equal(jobs.Select(j => j.Name).Order(), all.Order());
            // Dealt like cards: no share has more than one candidate more than another.
            Assert.True(shares.Max(s => s.Count) - shares.Min(s => s.Count) <= 1, $"N = {n}");
            // The same share every time it is computed, as on every machine.
            Assert.Equal(shares[n - 1], RunShare.Shard(n - 1, n).Of([.. jobs]).Select(j => j.Name).ToList());
        }
        Assert.Empty(RunShare.Finisher.Of(jobs));
    }

    [Fact]
    public void TheLargestCandidatesAreDealtFirst()
    {
        // Works 10, 40, 30, 20: the stage order is 40, 30, 20, 10; shard 0 of 2 gets 40 and 20.
        long[] work = [10, 40, 30, 20];
        var jobs = work.Select((w, i) => new CandidateJob($"c{i}", CandidateStages.Stage1, null, 0, (_, _) => throw new InvalidOperationException(), 1, w)).ToList();
        Assert.Equal(["c1", "c3"], RunShare.Shard(0, 2).Of(jobs).Select(j => j.Name));
        Assert.Equal(["c0", "c2"], RunShare.Shard(1, 2).Of(jobs).Select(j => j.Name));
    }

    [Fact]
    public void OneProcessPerShardAndOneShardCountPerFolder()
    {
        using var temp = new TempFolder();
        var folder = new RunFolder(temp.File("run"));
        using (folder.LockShared(RunShare.Shard(0, 2)))
        {
            using (folder.LockShared(RunShare.Shard(1, 2)))
            using (folder.LockShared(RunShare.Finisher)) { }
            Assert.Contains("shard 0/2 is already running", Assert.Throws<RunFolderException>(() => folder.LockShared(RunShare.Shard(0, 2))).Message);
            Assert.Contains("a shard of another count (shard-0-of-2)", Assert.Throws<RunFolderException>(() => folder.LockShared(RunShare.Shard(3, 4))).Message);
            Assert.Contains("another dlnet run is using", Assert.Throws<RunFolderException>(() => folder.Lock()).Message);
        }
        using (folder.Lock())
            Assert.Contains("an unsharded dlnet run is using", Assert.Throws<RunFolderException>(() => folder.LockShared(RunShare.Shard(1, 2))).Message);
        // A lock file left by a killed shard of another count blocks nothing.
        File.WriteAllText(Path.Combine(folder.Path, ".shard-1-of-2.lock"), "");
        using (folder.LockShared(RunShare.Shard(3, 4))) { }
        Assert.False(File.Exists(Path.Combine(folder.Path, ".shard-1-of-2.lock")));
    }

    [Fact]
    public void TheFirstShardWritesTheConfigAndTheOthersMustMatchIt()
    {
        using var temp = new TempFolder();
        var config = TinyRun.Config(temp);
        var folder = new RunFolder(temp.File("run"));
        folder.PrepareShared(config, "sha256:a");
        string written = File.ReadAllText(folder.ConfigPath);
        folder.PrepareShared(config, "sha256:a");
        var e = Assert.Throws<Dlnet.IO.DataFormatException>(() => folder.PrepareShared(config with { Seed = 9 }, "sha256:a"));
        Assert.Contains("seed: 1 before, 9 now", e.Message);
        Assert.Equal(written, File.ReadAllText(folder.ConfigPath));
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.tmp"));
    }
}
