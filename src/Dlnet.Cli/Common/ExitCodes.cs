namespace Dlnet.Cli.Common;

/// <summary>The process exit codes of every <c>dlnet</c> command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command line itself is wrong: unknown option, missing or out-of-range value, an output that cannot be written.</summary>
    public const int Usage = 1;

    /// <summary>The input data or a model or run folder cannot be used; the message says which file, where and why.</summary>
    public const int BadInput = 2;

    /// <summary>A step failed (a tool missing, a disk error, no model within the budget); the message says what.</summary>
    public const int Failure = 3;

    /// <summary>The run was cancelled (Ctrl+C); finished work is kept.</summary>
    public const int Cancelled = 130;

    /// <summary>Each code with what it means, as the root's help and docs/cli.md list them.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> Meanings { get; } =
    [
        (Success, "success"),
        (Usage, "the command line is wrong: an unknown option, a missing value, a value outside its limits, an output path that cannot be written, or an --out run folder that holds another run or is in use by one"),
        (BadInput, "the data, a config file, or a model or run folder cannot be used; the message names the file, the line, row or tensor where there is one, and the problem"),
        (Failure, "a step failed: a disk error, a missing tool, no model within the budget, a firmware check that is not bit-exact, or an unexpected error (whose details go to the log file the message names)"),
        (Cancelled, "cancelled (Ctrl+C); finished work is kept"),
    ];
}
