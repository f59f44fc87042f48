using System.CommandLine;
using System.Text.RegularExpressions;
using Dlnet.Cli;
using Dlnet.Cli.Common;
using Dlnet.IO;

namespace Dlnet.Tests.CommandLine;

/// <summary>Whatever a command throws ends in an exit code and one line; an unexpected error's trace goes to a log file.</summary>
public sealed class CommandRunnerTests
{
    private static (int Code, string Stdout, string Stderr) Run(Exception thrown)
    {
        var root = new RootCommand();
        var command = new Command("fail");
        command.SetAction((Func<ParseResult, int>)(_ => throw thrown));
        root.Subcommands.Add(command);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandRunner.Invoke(root, ["fail"], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string OneLine(string stderr)
    {
        string line = stderr.TrimEnd('\r', '\n');
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotMatch(@"(?m)^\s+at ", stderr);
        return line;
    }

    [Fact]
    public void AnUnexpectedErrorIsExit3WithItsTraceInALogFile()
    {
        var (code, _, stderr) = Run(new NullReferenceException("the widget was null"));
        Assert.Equal(ExitCodes.Failure, code);
        string line = OneLine(stderr);
        Assert.StartsWith("error: unexpected NullReferenceException: the widget was null (details in ", line);
        string log = Regex.Match(line, @"details in (.+\.log)\)$").Groups[1].Value;
        try
        {
            string text = File.ReadAllText(log);
            Assert.Contains("dlnet fail", text);
            Assert.Contains("System.NullReferenceException: the widget was null", text);
            Assert.Contains(" at ", text);
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public void OutOfMemoryIsExit3WithWhatToLower()
    {
        var (code, _, stderr) = Run(new OutOfMemoryException());
        Assert.Equal(ExitCodes.Failure, code);
        string line = OneLine(stderr);
        Assert.StartsWith("error: out of memory: lower --threads, --batch or the network's sizes", line);
        File.Delete(Regex.Match(line, @"details in (.+\.log)\)$").Groups[1].Value);
    }

    [Fact]
    public void ErrorsInsideParallelLoopsKeepTheirExitCode()
    {
        var (code, _, stderr) = Run(new AggregateException(new DataFormatException("cells.csv", 4, "duplicate cycle 2")));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: cells.csv:4: duplicate cycle 2", OneLine(stderr));
    }

    [Fact]
    public void MultiLineMessagesPrintOnOneLine()
    {
        var (code, _, stderr) = Run(new InvalidOperationException("first\nsecond\r\n  third"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("error: first second third", OneLine(stderr));
    }

    [Theory]
    [InlineData("--seed", "x", "--seed: 'x' is not a whole number")]
    [InlineData("--threads", "0", "--threads: 0 is not between 1 and 256")]
    [InlineData("--nominal-capacity", "1,5", "--nominal-capacity: '1,5' is not a number (use '.' as the decimal point)")]
    [InlineData("--nominal-capacity", "Infinity", "--nominal-capacity: 'Infinity' is not a finite number")]
    public void OptionValuesAreNamedInTheirOwnWords(string option, string value, string expected)
    {
        var r = Cli.Run("run", option, value, "--out", Path.Combine(Path.GetTempPath(), "dlnet-never-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal($"error: {expected} (see 'dlnet run --help')", OneLine(r.Stderr));
        Assert.DoesNotContain("System.", r.Stderr);
    }
}
