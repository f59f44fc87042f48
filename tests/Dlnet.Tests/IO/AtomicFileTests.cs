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
}
