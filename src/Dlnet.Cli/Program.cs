using Dlnet.Cli;

return CommandRunner.Invoke(CliApp.CreateRoot(), args);
