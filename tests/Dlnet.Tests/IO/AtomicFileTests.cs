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
}
