using System.CommandLine;
using System.Text.RegularExpressions;
using Dlnet.IO;
using Dlnet.Pipeline;

namespace Dlnet.Cli.Common;

/// <summary>
/// Runs a parsed command and turns every failure into one line on standard error and an exit code
/// from <see cref="ExitCodes"/>: users see what went wrong and where, never a stack trace. An error the
/// code does not expect still ends that way (exit 3), and its stack trace goes to a log file the line names.
/// </summary>
public static partial class CommandRunner
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
                string more = parsed.Errors.Count > 1 ? $" (and {parsed.Errors.Count - 1} more)" : "";
                string help = HelpExamples.PathOf(parsed.CommandResult.Command) is { Length: > 0 } path ? $"dlnet {path} --help" : "dlnet --help";
                stderr.WriteLine($"error: {OneLine(parsed.Errors[0].Message)}{more} (see '{help}')");
                return ExitCodes.Usage;
            }
            return parsed.Invoke(config);
        }
        catch (Exception e)
        {
            var (code, message) = Classify(Unwrap(e), args);
            stderr.WriteLine(message);
            return code;
        }
    }

    /// <summary>The exit code and the line to print for an error that ended a command.</summary>
    private static (int Code, string Message) Classify(Exception e, string[] args) => e switch
    {
        DataFormatException => (ExitCodes.BadInput, $"error: {OneLine(e.Message)}"),
        UsageException or RunFolderException => (ExitCodes.Usage, $"error: {OneLine(e.Message)}"),
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled"),
        IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException => (ExitCodes.Failure, $"error: {OneLine(e.Message)}"),
        OutOfMemoryException => (ExitCodes.Failure,
            $"error: out of memory: lower --threads, --batch or the network's sizes, or give the process more memory{Logged(e, args)}"),
        _ => (ExitCodes.Failure, $"error: unexpected {e.GetType().Name}: {OneLine(e.Message)}{Logged(e, args)}"),
    };

    /// <summary>The error inside the wrappers that parallel loops and reflection put around it.</summary>
    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: > 0 } a: e = a.InnerExceptions[0]; break;
                case System.Reflection.TargetInvocationException { InnerException: { } inner }: e = inner; break;
                case TypeInitializationException { InnerException: { } inner }: e = inner; break;
                default: return e;
            }
        }
    }

    /// <summary>Writes the whole error to a log file and says where it is; says so when even that fails.</summary>
    private static string Logged(Exception e, string[] args)
    {
        try
        {
            string log = Path.Combine(Path.GetTempPath(), $"dlnet-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            File.WriteAllText(log, $"dlnet {string.Join(' ', args)}\n{DateTime.UtcNow:O}\n\n{e}\n");
            return $" (details in {log})";
        }
        catch (Exception logError) when (logError is IOException or UnauthorizedAccessException)
        {
            return " (no log could be written)";
        }
    }

    /// <summary>A message on one line: some exceptions append their parameter and value on lines of their own.</summary>
    internal static string OneLine(string message) => LineBreaks().Replace(message.Trim(), " ");

    [GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial Regex LineBreaks();
}
