using System.CommandLine;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet baseline</c>: the classical extrapolations scored under a protocol.</summary>
public static class BaselineCommand
{
    public static Command Create()
    {
        var cmd = new Command("baseline", "Score the classical extrapolations (last value, line, quadratic) on a data set.");
        return cmd;
    }
}
