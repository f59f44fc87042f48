namespace Dlnet.Cli.Common;

/// <summary>The process exit codes of every <c>dlnet</c> command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command line itself is wrong: unknown option, missing argument.</summary>
    public const int Usage = 1;

    /// <summary>The input data or a model file cannot be used; the message says which file, where and why.</summary>
    public const int BadInput = 2;

    /// <summary>Something outside the input failed (a tool missing, a disk error); the message says what.</summary>
    public const int Failure = 3;

    /// <summary>The run was cancelled (Ctrl+C); finished work is kept.</summary>
    public const int Cancelled = 130;
}
