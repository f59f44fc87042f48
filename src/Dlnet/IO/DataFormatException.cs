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
        : base(Printable(Format(file, line, isRow, Shortened(problem))), inner)
    {
        File = file;
        Line = line;
        IsRow = isRow;
        Problem = Printable(Shortened(problem));
    }

    /// <summary>Longest problem text: a message quotes the file, and a hostile file can make a quoted field megabytes long.</summary>
    public const int MaxProblemLength = 1000;

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

    private static string Shortened(string problem) =>
        problem.Length <= MaxProblemLength ? problem : string.Concat(problem.AsSpan(0, MaxProblemLength), " ...");

    /// <summary>
    /// The message as one line of plain text whatever the file held: line breaks, terminal escapes and other
    /// control or formatting characters are shown as escapes (<c>\n</c>, <c>\u001B</c>) rather than acted on.
    /// </summary>
    private static string Printable(string text)
    {
        if (!text.Any(IsUnprintable)) return text;
        var b = new System.Text.StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (!IsUnprintable(c)) b.Append(c);
            else b.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:X4}" });
        }
        return b.ToString();
    }

    private static bool IsUnprintable(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;

    // Text files follow the compiler convention file:line: so editors can jump there; a workbook has rows.
    private static string Format(string file, int? line, bool isRow, string problem) => line switch
    {
        int r when isRow => $"{file}: row {r}: {problem}",
        int l => $"{file}:{l}: {problem}",
        _ => $"{file}: {problem}",
    };
}
