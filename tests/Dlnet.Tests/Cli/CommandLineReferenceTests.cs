using System.CommandLine;
using System.Text.RegularExpressions;
using Dlnet.Architectures;
using Dlnet.Cli;
using Dlnet.Cli.Common;
using Dlnet.Fleet;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Nn;
using Dlnet.Tests.Native;

namespace Dlnet.Tests.CommandLine;

/// <summary>docs/cli.md and docs/pipeline.md say what the code does: the exit codes, and every numeric option's limits.</summary>
public sealed partial class CommandLineReferenceTests
{
    private static string Doc(string name) => File.ReadAllText(Path.Combine(NativeToolchain.RepositoryRoot, "docs", name));

    /// <summary>The doc's text with every run of white space (line breaks included) as one space.</summary>
    private static string Flat(string text) => Spaces().Replace(text, " ");

    [Fact]
    public void TheExitCodeTableIsTheCodes()
    {
        string cli = Doc("cli.md");
        string section = cli[cli.IndexOf("## Exit codes", StringComparison.Ordinal)..cli.IndexOf("## Limits", StringComparison.Ordinal)];
        var rows = TableRow().Matches(section).Select(m => (int.Parse(m.Groups[1].Value), m.Groups[2].Value.Trim())).ToArray();
        Assert.Equal(ExitCodes.Meanings, rows);
    }

    [Fact]
    public void BothDocsGiveExit1ForARunFolderOfAnotherRun()
    {
        Assert.Contains("--out run folder that holds another run or is in use by one", ExitCodes.Meanings.Single(m => m.Code == ExitCodes.Usage).Meaning);
        Assert.Contains($"{ExitCodes.Usage} a bad command line, or `--out` holding a run of another configuration or in use by another run;", Flat(Doc("pipeline.md")));
        Assert.Contains("`seed: 1 before, 2 now`, exit 1", Flat(Doc("pipeline.md")));
    }

    [Fact]
    public void EveryNumericOptionHasTheLimitsTheDocsList()
    {
        string cli = Doc("cli.md");
        int limits = cli.IndexOf("## Limits", StringComparison.Ordinal);
        var documented = OptionRow().Matches(cli[limits..cli.IndexOf("\n## ", limits, StringComparison.Ordinal)])
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (command, option) in NumericOptions(CliApp.CreateRoot()))
        {
            string? range = OptionValues.RangeOf(option);
            Assert.True(range is not null, $"{command} {option.Name} has no range");
            Assert.True(documented.TryGetValue(option.Name, out string? values), $"docs/cli.md lists no limits of {option.Name}");
            Assert.StartsWith(range, values);
            // One row per option name: the same name takes the same values in every command.
            if (seen.TryGetValue(option.Name, out string? other)) Assert.Equal(other, range);
            seen[option.Name] = range;
        }
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), seen.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheDataAndNetworkLimitsAreTheCodes()
    {
        string cli = Doc("cli.md");
        string N(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"| data file (long or per-cell CSV, Parquet, metadata CSV, workbook) | {DataLimits.Bytes(DataLimits.MaxFileBytes)} |", cli);
        Assert.Contains($"| Parquet rows | {N(DataLimits.MaxRowGroupRows)} per row group, {N(DataLimits.MaxFileRows)} in the file", cli);
        Assert.Contains($"| Parquet cell ids and split tags | {N(DataLimits.MaxNameChars)} characters |", cli);
        Assert.Contains($"| CSV row, quoted fields included | {N(DataLimits.MaxRowChars)} characters", cli);
        Assert.Contains($"| cycles in one cell | {N(DataLimits.MaxCyclesPerCell)} |", cli);
        Assert.Contains($"| hidden units, rank | {NetworkLimits.MaxUnits} |", cli);
        Assert.Contains($"| encoder, decoder and MLP layer width | {NetworkLimits.MaxWidth} |", cli);
        Assert.Contains($"| layers (recurrent, MLP hidden, decoder) | {NetworkLimits.MaxLayers} |", cli);
        Assert.Contains($"| solver steps | {NetworkLimits.MaxSteps} |", cli);
        Assert.Contains($"| Euler step size (dt) | {NetworkLimits.MaxStepSize} |", cli);
        Assert.Contains($"| input length, horizon | {N(NetworkLimits.MaxWindow)} cycles |", cli);
        Assert.Contains($"| parameters | {N(ParameterStore<float>.MaxCount)} |", cli);
        Assert.Contains($"`--decoder-widths` takes up to {NetworkLimits.MaxLayers} widths of 1 to {NetworkLimits.MaxWidth}.", cli);
    }

    private static IEnumerable<(string Command, Option Option)> NumericOptions(Command command)
    {
        foreach (var option in command.Options.Where(o => o.ValueType == typeof(int) || o.ValueType == typeof(int?) || o.ValueType == typeof(double) || o.ValueType == typeof(double?)))
            yield return (command.Name, option);
        foreach (var sub in command.Subcommands)
            foreach (var found in NumericOptions(sub))
                yield return found;
    }

    [GeneratedRegex(@"(?m)^\| (\d+) \| (.+) \|\s*$")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"(?m)^\| `(--[a-z-]+)` \| [^|]+ \| ([^|]+) \|\s*$")]
    private static partial Regex OptionRow();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
