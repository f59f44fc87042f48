using System.CommandLine;
using Dlnet.Cli;
using Dlnet.Cli.Commands;

var root = new RootCommand("DLNet: battery state-of-health forecasters small enough for a microcontroller.");
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(BaselineCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());

return CommandRunner.Invoke(root, args);
