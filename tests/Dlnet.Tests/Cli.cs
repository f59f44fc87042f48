using Dlnet.Cli;
using Dlnet.Cli.Common;

namespace Dlnet.Tests;

/// <summary>Runs <c>dlnet</c> in process, exactly as the executable builds it, and captures what it prints.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CommandRunner.Invoke(CliApp.CreateRoot(), args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
