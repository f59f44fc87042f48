using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using Dlnet.Cli;
using Dlnet.Tests.Native;

namespace Dlnet.Tests.CommandLine;

/// <summary>
/// What install.sh does, into a temporary tool path: dotnet pack gives one package, id Dlnet, with its
/// metadata and only this machine's native plotting library; dotnet tool install takes it from the local
/// folder alone, and the installed dlnet runs.
/// </summary>
public sealed class ToolPackageTests
{
    private const long MaxPackageBytes = 20_000_000;

    [Fact]
    public void PacksInstallsAndRunsAsDlnet()
    {
        string root = NativeToolchain.RepositoryRoot;
        string version = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        using var dir = new TempFolder();
        string feed = dir.File("feed"), tools = dir.File("tools");

        var pack = NativeToolchain.Run("dotnet", ["pack", Path.Combine(root, "src", "Dlnet.Cli"), "-c", "Release", "-o", feed, "--nologo"], root, TimeSpan.FromMinutes(3));
        Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
        string package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        Assert.Equal($"Dlnet.{version}.nupkg", Path.GetFileName(package));
        long bytes = new FileInfo(package).Length;
        Assert.True(bytes < MaxPackageBytes, $"the package weighs {bytes:N0} bytes");

        using (var zip = ZipFile.OpenRead(package))
        {
            // Skia and HarfBuzz natives of one platform, none under runtimes/ for the others.
            var natives = zip.Entries.Where(e => e.Name.StartsWith("libSkiaSharp", StringComparison.Ordinal)).ToArray();
            Assert.Single(natives);
            Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("/runtimes/", StringComparison.Ordinal));
            Assert.Contains(zip.Entries, e => e.FullName == "LICENSE");
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");

            var nuspec = zip.Entries.Single(e => e.FullName == "Dlnet.nuspec");
            using var stream = nuspec.Open();
            var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
            Assert.Equal("Dlnet", Field("id"));
            Assert.Equal("Apache-2.0", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.Contains("state-of-health", Field("description"));
            Assert.Contains("battery", Field("tags").Split(' '));
            Assert.Equal("git", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("type")?.Value);
        }

        var install = NativeToolchain.Run("dotnet", ["tool", "install", "Dlnet", "--version", version, "--tool-path", tools,
            "--add-source", feed, "--ignore-failed-sources", "--no-http-cache"], dir.Path, TimeSpan.FromMinutes(2));
        Assert.True(install.ExitCode == 0, "dotnet tool install failed:\n" + install.Output);
        string dlnet = Path.Combine(tools, OperatingSystem.IsWindows() ? "dlnet.exe" : "dlnet");
        var run = NativeToolchain.Run(dlnet, ["--version"], dir.Path, TimeSpan.FromMinutes(1));
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(version, run.Output.Trim());
    }
}
