using Dlnet.IO;

namespace Dlnet.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FailedWriteLeavesTheOldFileAndNoTemporary()
    {
        string path = _dir.Write("report.json", "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half"u8);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void WriteCreatesFoldersAndReplacesWhole()
    {
        string path = _dir.File("a/b/report.txt");
        AtomicFile.WriteAllText(path, "first, longer text");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.File("a/b")));
    }

    [Fact]
    public void OfManyCreatingOneFileAtOnceExactlyOneWinsAndTheFileIsItsWhole()
    {
        for (int round = 0; round < 20; round++)
        {
            string path = _dir.File($"config-{round}.json");
            var won = new bool[8];
            Parallel.For(0, won.Length, new ParallelOptions { MaxDegreeOfParallelism = won.Length },
                i => won[i] = AtomicFile.TryCreate(path, new string((char)('a' + i), 100_000)));
            int winner = Assert.Single(Enumerable.Range(0, won.Length), i => won[i]);
            Assert.Equal(new string((char)('a' + winner), 100_000), File.ReadAllText(path));
        }
        Assert.False(AtomicFile.TryCreate(_dir.File("config-0.json"), "late"));
        Assert.Equal(20, Directory.GetFiles(_dir.Path).Length);
    }

    [Fact]
    public void AClaimLeftByAStoppedWriterIsReportedNotWaitedOnForever()
    {
        string path = _dir.File("config.json");
        File.WriteAllText(_dir.File(".config.json.claim"), "");
        var e = Assert.Throws<IOException>(() => AtomicFile.TryCreate(path, "text", TimeSpan.FromMilliseconds(200)));
        Assert.Contains(".config.json.claim has stood for 0.2 s without", e.Message);
        Assert.False(File.Exists(path));
        File.Delete(_dir.File(".config.json.claim"));
        Assert.True(AtomicFile.TryCreate(path, "text"));
        Assert.Equal(["config.json"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }
}
