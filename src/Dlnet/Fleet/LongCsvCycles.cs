using Dlnet.IO;

namespace Dlnet.Fleet;

/// <summary>
/// The cycle numbers of a long CSV (<c>cell,cycle,...</c>), which the loaded series do not keep: a series
/// holds the measured cycles back to back, so a forecast's own cycle numbers start after the last one read here.
/// </summary>
public static class LongCsvCycles
{
    /// <summary>The last cycle number of each cell. Read after <see cref="FleetLoader"/> has accepted the file, so rows are in cycle order.</summary>
    /// <exception cref="DataFormatException">The file lacks the columns or holds a bad cycle number.</exception>
    public static IReadOnlyDictionary<string, int> Last(string path)
    {
        using var reader = CsvFile.Open(path, "cell,cycle,soh");
        var columns = CsvFile.Columns(reader, path);
        if (!columns.TryGetValue("cell", out int cell) || !columns.TryGetValue("cycle", out int cycle))
            throw new DataFormatException(path, 1, $"expected columns 'cell' and 'cycle'; the header has {CsvFile.Describe(columns)}");
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in CsvFile.Rows(reader, path))
        {
            if (CsvFile.IsBlank(row)) continue;
            CsvFile.CheckFieldCount(row, columns.Count, path);
            var at = DataLocation.Line(path, row.LineNumberFrom);
            last[FieldParser.Name(row[cell].Span.Trim(), "the cell id", at).ToString()] = FieldParser.Cycle(row[cycle].Span, at);
        }
        return last;
    }
}
