using Dlnet.Cli;
using Dlnet.Cli.Common;

namespace Dlnet.Tests.CommandLine;

/// <summary><c>--help</c> shows each command's examples, the root's help the exit codes; every example is a valid command line.</summary>
public sealed class HelpTests
{
    public static TheoryData<string> Commands => new() { "", "data", "data inspect", "data synth", "data artefacts", "baseline", "train", "eval", "report", "predict", "export", "run", "deploy", "adapt" };

    [Theory]
    [MemberData(nameof(Commands))]
    public void HelpEndsWithTheCommandsExamples(string command)
    {
        string[] path = command.Length == 0 ? [] : command.Split(' ');
        var r = Cli.Run([.. path, "--help"]);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        string[] examples = HelpExamples.ByCommand[command];
        Assert.NotEmpty(examples);
        int at = r.Stdout.IndexOf("\nExamples:\n", StringComparison.Ordinal);
        Assert.True(at > 0, r.Stdout);
        foreach (string example in examples) Assert.Contains("  " + example + "\n", r.Stdout[at..]);
    }

    [Fact]
    public void RootHelpListsTheExitCodes()
    {
        var r = Cli.Run("--help");
        Assert.Contains("Exit codes:", r.Stdout);
        foreach (int code in new[] { ExitCodes.Success, ExitCodes.Usage, ExitCodes.BadInput, ExitCodes.Failure, ExitCodes.Cancelled })
            Assert.Matches($"\n  {code} +\\S", r.Stdout);
        Assert.DoesNotContain("Exit codes:", Cli.Run("predict", "--help").Stdout);
    }

    [Fact]
    public void EveryExampleParses()
    {
        var root = CliApp.CreateRoot();
        foreach (var (command, examples) in HelpExamples.ByCommand)
        {
            foreach (string example in examples)
            {
                Assert.StartsWith("dlnet ", example);
                var parsed = root.Parse(example["dlnet ".Length..].Split(' '));
                Assert.True(parsed.Errors.Count == 0, $"{example}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
                if (command.Length > 0) Assert.Matches($"^dlnet {command}( |$)", example);
            }
        }
    }
}
