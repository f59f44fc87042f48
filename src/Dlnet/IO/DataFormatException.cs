namespace Dlnet.IO;

/// <summary>
/// Input data that cannot be used, with where and why: the file, the line (CSV) or row (workbook) when
/// there is one, and the problem in words a user can act on. The command line prints
/// <see cref="Exception.Message"/> and exits with <c>ExitCodes.BadInput</c>.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>A problem in a text file, at a 1-based line (the header is line 1), or in the file as a whole.</summary>
    public DataFormatException(string file, int? line, string problem, Exception? inner = null)
        : this(file, line, isRow: false, problem, inner)
    {
    }

    private DataFormatException(string file, int? line, bool isRow, string problem, Exception? inner)
        : base(Format(file, line, isRow, problem), inner)
    {
        File = file;
        Line = line;
        IsRow = isRow;
        Problem = problem;
    }

    /// <summary>A problem in a workbook at a 1-based sheet row, as a spreadsheet numbers it.</summary>
    public static DataFormatException AtRow(string file, int row, string problem, Exception? inner = null) =>
        new(file, row, isRow: true, problem, inner);

    /// <summary>The file or folder at fault.</summary>
    public string File { get; }

    /// <summary>1-based line (CSV) or row (workbook, when <see cref="IsRow"/>), when the problem has one.</summary>
    public int? Line { get; }

    /// <summary>True when <see cref="Line"/> is a workbook row rather than a text line.</summary>
    public bool IsRow { get; }

    public string Problem { get; }

    // Text files follow the compiler convention file:line: so editors can jump there; a workbook has rows.
    private static string Format(string file, int? line, bool isRow, string problem) => OneLine(line switch
    {
        int r when isRow => $"{file}: row {r}: {problem}",
        int l => $"{file}:{l}: {problem}",
        _ => $"{file}: {problem}",
    });

    // A message quotes names and values from the file; their line breaks and control characters are shown
    // escaped, so that the message stays one line and cannot rewrite the terminal.
    private static string OneLine(string text)
    {
        if (!text.Any(IsEscaped)) return text;
        var s = new System.Text.StringBuilder(text.Length + 16);
        foreach (char c in text) s.Append(IsEscaped(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return s.ToString();
    }

    private static bool IsEscaped(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
