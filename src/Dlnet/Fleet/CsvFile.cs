using Dlnet.IO;
using nietras.SeparatedValues;

namespace Dlnet.Fleet;

/// <summary>Opening a CSV data file and reading its header the same way for every CSV form.</summary>
internal static class CsvFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading. The separator is detected from the header (',' ';' tab '|');
    /// fields are trimmed and unquoted; the field count is checked per row by <see cref="CheckFieldCount"/>
    /// so that the error names the line.
    /// </summary>
    public static SepReader Open(string path, string expectedHeader)
    {
        SepReader reader;
        try
        {
            reader = Sep.Reader(o => o with { DisableColCountCheck = true, Unescape = true, Trim = SepTrim.All }).FromFile(path);
        }
        catch (Exception e) when (e is not IOException and not UnauthorizedAccessException)
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
        if (row.ColCount != expected)
            throw new DataFormatException(path, row.LineNumberFrom,
                $"{row.ColCount} field(s) but the header has {expected}: check for a missing or extra separator");
    }
}
