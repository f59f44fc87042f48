using Dlnet.IO;

namespace Dlnet.Tests.IO;

/// <summary>A path a folder's own file names resolves inside that folder, or is refused naming the file and the field.</summary>
public sealed class ContainedPathTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    string Run => _temp.File("run");

    [Theory]
    [InlineData("candidates/s2-student")]
    [InlineData("teacher")]
    [InlineData("candidates/../teacher")]
    public void APathInsideResolvesToItsFullPath(string relative) =>
        Assert.Equal(Path.GetFullPath(Path.Combine(Run, relative)), ContainedPath.Resolve(Run, relative, "summary.json", "final.folder"));

    [Theory]
    [InlineData("../other", "leads outside the folder")]
    [InlineData("../../..", "leads outside the folder")]
    [InlineData("candidates/../../run-other", "leads outside the folder")]
    [InlineData(".", "leads outside the folder")]
    [InlineData("/etc", "is an absolute path")]
    [InlineData("", "is not a folder name")]
    public void APathLeavingTheFolderIsRefused(string relative, string why)
    {
        var e = Assert.Throws<DataFormatException>(() => ContainedPath.Resolve(Run, relative, "summary.json", "final.folder"));
        Assert.Equal("summary.json", e.File);
        Assert.StartsWith($"final.folder '{relative}' {why}", e.Problem);
    }

    [Fact]
    public void ASymbolicLinkInsideThatPointsOutIsRefused()
    {
        Directory.CreateDirectory(Path.Combine(Run, "candidates"));
        Directory.CreateDirectory(_temp.File("elsewhere"));
        Directory.CreateSymbolicLink(Path.Combine(Run, "candidates", "s2"), _temp.File("elsewhere"));
        var e = Assert.Throws<DataFormatException>(() => ContainedPath.Resolve(Run, "candidates/s2", "summary.json", "final.folder"));
        Assert.Contains("passes through a symbolic link", e.Problem);
    }
}
