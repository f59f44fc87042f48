using System.CommandLine;
using System.Text.Json;
using Dlnet.Cli;
using Dlnet.Cli.Common;

namespace Dlnet.Tests.CommandLine;

/// <summary>Every command that does work takes <c>-q</c> and <c>--json [file]</c> alike: JSON alone on standard output, or also in a file.</summary>
public sealed class OutputOptionsTests
{
    public static TheoryData<string> Commands => new() { "data inspect", "data synth", "baseline", "train", "eval", "run", "deploy", "report", "predict", "export" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommandTakesQuietAndAnOptionalJsonFile(string path)
    {
        Command command = CliApp.CreateRoot();
        foreach (string name in path.Split(' ')) command = command.Subcommands.Single(c => c.Name == name);
        var quiet = command.Options.Single(o => o.Name == "--quiet");
        Assert.Contains("-q", quiet.Aliases);
        var json = command.Options.Single(o => o.Name == "--json");
        Assert.Equal((0, 1), (json.Arity.MinimumNumberOfValues, json.Arity.MaximumNumberOfValues));
    }

    [Fact]
    public void JsonAlonePrintsOnlyJsonAndJsonWithAFileAlsoPrintsTheText()
    {
        using var temp = new TempFolder();
        var alone = Cli.Run("baseline", "--baselines", "quadratic50", "--json");
        Assert.True(alone.ExitCode == ExitCodes.Success, alone.Stderr);
        using (var doc = JsonDocument.Parse(alone.Stdout))
            Assert.All(doc.RootElement.GetProperty("results").EnumerateArray(), r => Assert.Equal("quadratic50", r.GetProperty("predictor").GetString()));

        string file = temp.File("baseline.json");
        var both = Cli.Run("baseline", "--baselines", "quadratic50", "--json", file);
        Assert.Contains("quadratic50", both.Stdout);
        Assert.EndsWith($"wrote {file}\n", both.Stdout);
        Assert.Equal(alone.Stdout.Trim(), File.ReadAllText(file).Trim());

        var quiet = Cli.Run("data", "synth", "--cells", "4", "--out", temp.File("fleet.csv"), "-q");
        Assert.Equal((ExitCodes.Success, "", ""), (quiet.ExitCode, quiet.Stdout, quiet.Stderr));
        Assert.True(File.Exists(temp.File("fleet.csv")));
    }
}
