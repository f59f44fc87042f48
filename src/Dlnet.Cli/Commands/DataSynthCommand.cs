using System.CommandLine;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet data synth</c>.</summary>
public static class DataSynthCommand
{
    public static Command Create() => new("synth", "(not built yet)");
}
