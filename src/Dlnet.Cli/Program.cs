using Dlnet.Cli;
using Dlnet.Cli.Common;

return CommandRunner.Invoke(CliApp.CreateRoot(), args);
