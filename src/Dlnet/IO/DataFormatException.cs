namespace Dlnet.IO;

/// <summary>
/// Input data that cannot be used, with where and why: the file, the line or row when there is one,
/// and the problem in words a user can act on. The command line prints <see cref="Exception.Message"/>
/// and exits with <c>ExitCodes.BadInput</c>.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string file, int? line, string problem, Exception? inner = null)
        : base(Format(file, line, problem), inner)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file or folder at fault.</summary>
    public string File { get; }

    /// <summary>1-based line (CSV) or row (workbook), when the problem has one.</summary>
    public int? Line { get; }

    public string Problem { get; }

    private static string Format(string file, int? line, string problem) =>
        line is int l ? $"{file}:{l}: {problem}" : $"{file}: {problem}";
}
