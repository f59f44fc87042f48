using System.CommandLine;
using Dlnet.IO;

namespace Dlnet.Cli.Common;

/// <summary>
/// Runs a parsed command and turns every failure into one line on standard error and an exit code
/// from <see cref="ExitCodes"/>: users see what went wrong and where, never a stack trace.
/// </summary>
public static class CommandRunner
{
    public static int Invoke(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var e in parsed.Errors) stderr.WriteLine($"error: {e.Message}");
                stderr.WriteLine("Run 'dlnet --help' for usage.");
                return ExitCodes.Usage;
            }
            return parsed.Invoke(config);
        }
        catch (DataFormatException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
