using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Dlnet.Tests.BadInputs;

/// <summary>
/// Runs every case of the bad-input corpus (cases.tsv beside this file) through the command line, in process
/// exactly as the executable runs, and holds each to the same rules: the expected exit code, one error line
/// that names the file (and line, row or tensor) and says why, no stack trace, and the case's folder left
/// exactly as it was.
/// </summary>
public sealed partial class BadInputCorpusTests
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "BadInputs");

    public static TheoryData<string> Cases => new(BadInputCase.Read(Path.Combine(Corpus, BadInputCase.ManifestName)).Select(c => c.Id));

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivesOneLineNamingTheCauseAndLeavesNoOutput(string id)
    {
        var c = BadInputCase.Read(Path.Combine(Corpus, BadInputCase.ManifestName)).Single(x => x.Id == id);
        using var work = new TempFolder();
        work.Copy(Corpus, "", skip: relative => relative == BadInputCase.ManifestName);
        var held = new List<IDisposable>();
        var outputs = new List<string>();
        Cli.Result r;
        Dictionary<string, (long, DateTime)> before, after;
        var clock = Stopwatch.StartNew();
        try
        {
            string[] args = [.. c.Arguments.Select(a => Resolve(a, work.Path, held, outputs))];
            before = Snapshot(work.Path);
            clock.Restart();
            r = Cli.Run(args);
            after = Snapshot(work.Path);
        }
        finally
        {
            foreach (var h in held) h.Dispose();
        }

        string message = r.Stderr.TrimEnd('\r', '\n');
        Assert.True(c.Exit == r.ExitCode, $"{id}: exit {r.ExitCode}, expected {c.Exit}: {message}");
        Assert.DoesNotMatch(StackFrame(), r.Stderr);
        Assert.StartsWith("error: ", message);
        Assert.DoesNotContain('\n', message);
        foreach (string part in c.Message) Assert.True(message.Contains(part, StringComparison.Ordinal), $"{id}: '{part}' is not in: {message}");
        Assert.DoesNotMatch(StackFrame(), r.Stdout);
        Assert.All(outputs, o => Assert.False(Path.Exists(o), $"{id}: {o} was written"));
        Assert.Equal(before, after);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{id}: took {clock.Elapsed.TotalSeconds:F0} s to fail");
    }

    [Fact]
    public void EveryCaseHasItsInputsAndAUniqueName()
    {
        var cases = BadInputCase.Read(Path.Combine(Corpus, BadInputCase.ManifestName));
        Assert.True(cases.Count >= 50, $"only {cases.Count} cases read");
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct().Count());
        foreach (var c in cases)
        {
            Assert.InRange(c.Exit, 1, 3);
            Assert.NotEmpty(c.Message);
            foreach (string a in c.Arguments)
            {
                if (a.StartsWith('@')) Assert.True(Path.Exists(Path.Combine(Corpus, a[1..])), $"{c.Id}: no corpus file {a}");
                if (a.StartsWith('$')) Assert.True(BadInputGenerators.ByName.ContainsKey(GeneratorName(a)), $"{c.Id}: no generator for {a}");
            }
        }
    }

    /// <summary>The argument as the command sees it: corpus files and generated inputs as paths in the case's folder.</summary>
    private static string Resolve(string argument, string work, List<IDisposable> held, List<string> outputs)
    {
        switch (argument.FirstOrDefault())
        {
            case '@':
                return Path.Combine(work, argument[1..]);
            case '$':
                string name = GeneratorName(argument);
                string target = Path.Combine(work, name);
                if (!Path.Exists(target) && BadInputGenerators.ByName[name](target) is { } resource) held.Add(resource);
                return Path.Combine(work, argument[1..]);
            case '%':
                string output = Path.Combine(work, argument[1..]);
                Assert.False(Path.Exists(output), $"{argument} exists before the command");
                outputs.Add(output);
                return output;
            default:
                return argument;
        }
    }

    private static string GeneratorName(string argument) => argument[1..].Split('/')[0];

    /// <summary>Every file and folder below <paramref name="root"/> with its size and time of last write.</summary>
    private static Dictionary<string, (long, DateTime)> Snapshot(string root) =>
        new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).ToDictionary(
            e => Path.GetRelativePath(root, e.FullName),
            e => (e is FileInfo f ? f.Length : -1, e is FileInfo ? e.LastWriteTimeUtc : default));

    [GeneratedRegex(@"(?m)^\s+at \S|Unhandled exception")]
    private static partial Regex StackFrame();
}
