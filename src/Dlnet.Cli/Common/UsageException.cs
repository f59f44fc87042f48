namespace Dlnet.Cli.Common;

/// <summary>An option value that parses but makes no sense (a negative count, an unknown name); exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
