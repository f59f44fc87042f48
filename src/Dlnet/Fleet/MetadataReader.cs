using Dlnet.IO;

namespace Dlnet.Fleet;

/// <summary>
/// Reads a metadata CSV <c>cell,...</c>: one row per cell, every other column a tag (name lower-cased),
/// for example <c>split</c>, <c>batch</c>, <c>policy</c>. Values are kept as text.
/// </summary>
internal static class MetadataReader
{
    /// <summary>A metadata file is named after its data: <c>cells.csv</c> has <c>cells_meta.csv</c>.</summary>
    public const string Suffix = "_meta";

    /// <summary>The metadata file a data folder may hold.</summary>
    public const string FolderDefault = "cells_meta.csv";

    private const string CellColumn = "cell";

    /// <summary><c>&lt;stem&gt;_meta.csv</c> beside <c>&lt;stem&gt;.csv</c>.</summary>
    public static string BesideCsv(string csvPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csvPath))!, Path.GetFileNameWithoutExtension(csvPath) + Suffix + ".csv");

    /// <summary>Tags per cell id, in file order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Read(string path)
    {
        using var reader = CsvFile.Open(path, "cell,...,split");
        var columns = CsvFile.Columns(reader, path);
        if (!columns.TryGetValue(CellColumn, out int cellIndex))
            throw new DataFormatException(path, 1, $"missing column 'cell' in the metadata file; the header has {CsvFile.Describe(columns)}");
        var tagColumns = columns.Where(c => c.Value != cellIndex).OrderBy(c => c.Value).ToArray();

        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in CsvFile.Rows(reader, path))
        {
            if (CsvFile.IsBlank(row)) continue;
            CsvFile.CheckFieldCount(row, columns.Count, path);
            var at = DataLocation.Line(path, row.LineNumberFrom);
            string cell = FieldParser.Name(row[cellIndex].Span.Trim(), "the cell id", at).ToString();
            if (cell.Length == 0) throw at.Error("empty cell id");
            if (!lines.TryAdd(cell, row.LineNumberFrom))
                throw at.Error($"cell {cell} appears twice (also on line {lines[cell]}): keep one row per cell");
            var t = new Dictionary<string, string>(tagColumns.Length, StringComparer.Ordinal);
            foreach (var (name, index) in tagColumns) t[name] = FieldParser.Name(row[index].Span.Trim(), $"the {name} value", at).ToString();
            tags[cell] = t;
        }
        return tags;
    }
}
