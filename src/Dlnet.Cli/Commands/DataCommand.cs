using System.CommandLine;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet data inspect|synth|artefacts</c>.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var data = new Command("data", "Inspect battery data, make the built-in synthetic fleet, or measure the artefacts of measured series.");
        data.Subcommands.Add(DataInspectCommand.Create());
        data.Subcommands.Add(DataSynthCommand.Create());
        data.Subcommands.Add(DataArtefactsCommand.Create());
        return data;
    }
}
