using System.CommandLine;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet data inspect</c>.</summary>
public static class DataInspectCommand
{
    public static Command Create() => new("inspect", "(not built yet)");
}
