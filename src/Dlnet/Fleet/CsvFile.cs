using System.Globalization;
using Dlnet.IO;
using nietras.SeparatedValues;

namespace Dlnet.Fleet;

/// <summary>Opening a CSV data file and reading its header the same way for every CSV form.</summary>
internal static class CsvFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading. The separator is detected from the header (',' ';' tab '|');
    /// fields are trimmed and unquoted; the field count is checked per row by <see cref="CheckFieldCount"/>
    /// so that the error names the line. Read the rows through <see cref="Rows"/>.
    /// </summary>
    public static SepReader Open(string path, string expectedHeader)
    {
        long length = new FileInfo(path).Length;
        if (length > DataLimits.MaxFileBytes)
            throw new DataFormatException(path, null, $"the file is {DataLimits.Bytes(length)}, more than the {DataLimits.Bytes(DataLimits.MaxFileBytes)} a data file may be");
        SepReader reader;
        try
        {
            reader = Sep.Reader(o => o with { DisableColCountCheck = true, Unescape = true, Trim = SepTrim.All }).FromFile(path);
        }
        catch (NotSupportedException e)
        {
            throw TooLong(path, 1, e);
        }
        catch (Exception e) when (e is not IOException and not UnauthorizedAccessException and not OutOfMemoryException)
        {
            throw new DataFormatException(path, 1, $"cannot read the header: {e.Message}", e);
        }
        if (reader.Header.IsEmpty || reader.Header.ColNames.All(string.IsNullOrWhiteSpace))
        {
            reader.Dispose();
            throw new DataFormatException(path, null, $"the file is empty: expected a header line '{expectedHeader}' and a row per cycle");
        }
        return reader;
    }

    /// <summary>The rows after the header, for <c>foreach</c>; a row the parser cannot hold is an error at the line where it starts.</summary>
    public static RowReader Rows(SepReader reader, string path) => new(reader, path);

    /// <summary>
    /// Reads rows as <see cref="SepReader"/> does, but turns its failures into a <see cref="DataFormatException"/>
    /// naming the line: the parser gives up on a row longer than <see cref="DataLimits.MaxRowChars"/>, which is
    /// what a quote that is never closed makes of the rest of a large file.
    /// </summary>
    public struct RowReader(SepReader reader, string path)
    {
        // The line the next row starts on; the header is line 1.
        private int _nextLine = 2;

        public readonly RowReader GetEnumerator() => this;

        public readonly SepReader.Row Current => reader.Current;

        public bool MoveNext()
        {
            try
            {
                if (!reader.MoveNext()) return false;
            }
            catch (NotSupportedException e)
            {
                throw TooLong(path, _nextLine, e);
            }
            catch (Exception e) when (e is not IOException and not UnauthorizedAccessException and not OutOfMemoryException)
            {
                throw new DataFormatException(path, _nextLine, $"cannot read the row: {e.Message}", e);
            }
            _nextLine = reader.Current.LineNumberToExcl;
            return true;
        }
    }

    private static DataFormatException TooLong(string path, int line, Exception e) =>
        new(path, line, $"the row starting here is longer than {DataLimits.MaxRowChars.ToString("N0", CultureInfo.InvariantCulture)} characters: " +
            "check for a quote (\") that is never closed, which makes the rest of the file one field", e);

    /// <summary>Header names, trimmed and lower case, to column index. A repeated or blank name is an error.</summary>
    public static Dictionary<string, int> Columns(SepReader reader, string path)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        IReadOnlyList<string> names = reader.Header.ColNames;
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i].Trim().Trim('"').ToLowerInvariant();
            if (name.Length == 0) throw new DataFormatException(path, 1, $"column {i + 1} of the header has no name");
            if (!columns.TryAdd(name, i)) throw new DataFormatException(path, 1, $"column '{name}' appears twice in the header");
        }
        return columns;
    }

    /// <summary>The header's names in order, quoted, for error messages.</summary>
    public static string Describe(IReadOnlyDictionary<string, int> columns) =>
        columns.Count == 0 ? "no columns" : string.Join(", ", columns.OrderBy(c => c.Value).Select(c => $"'{c.Key}'"));

    /// <summary>Rejects the header when it names a column outside <paramref name="known"/>.</summary>
    public static void RejectUnknownColumns(Dictionary<string, int> columns, string path, IReadOnlyCollection<string> known, string expected)
    {
        foreach (var (name, _) in columns.OrderBy(c => c.Value))
        {
            if (!known.Contains(name))
                throw new DataFormatException(path, 1, $"unknown column '{name}': expected {expected}; move other fields to the metadata file");
        }
    }

    /// <summary>True for a line with nothing on it, which is skipped rather than read as a row of blanks.</summary>
    public static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row[0].Span.IsWhiteSpace();

    public static void CheckFieldCount(SepReader.Row row, int expected, string path)
    {
        if (row.ColCount == expected) return;
        // A row that spans lines holds a quoted line break, most often from a quote that is never closed.
        string hint = row.LineNumberToExcl - row.LineNumberFrom > 1
            ? $"; the row runs to line {row.LineNumberToExcl - 1}: check for a quote (\") that is never closed"
            : ": check for a missing or extra separator";
        throw new DataFormatException(path, row.LineNumberFrom, $"{row.ColCount} field(s) but the header has {expected}{hint}");
    }
}
