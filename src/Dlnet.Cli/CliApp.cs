using System.CommandLine;
using Dlnet.Cli.Commands;
using Dlnet.Cli.Common;

namespace Dlnet.Cli;

/// <summary>The <c>dlnet</c> command tree, built in one place so that tests run exactly what users run.</summary>
public static class CliApp
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("DLNet: battery state-of-health forecasters small enough for a microcontroller.");
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(BaselineCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DeployCommand.Create());
        root.Subcommands.Add(AdaptCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        HelpExamples.Install(root);
        OptionValues.Install(root);
        return root;
    }
}
