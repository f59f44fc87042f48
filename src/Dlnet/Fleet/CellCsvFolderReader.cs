using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Fleet;

/// <summary>
/// Reads a folder with one CSV per cell; the cell id is the file stem. Columns <c>cycle,soh</c>,
/// <c>cycle,capacity</c>, or a lone <c>soh</c> (or <c>capacity</c>) column whose rows are cycles 1, 2, ...
/// Files named <c>*_meta.csv</c> are metadata, not cells.
/// </summary>
internal static class CellCsvFolderReader
{
    private const string CycleColumn = "cycle";
    private static readonly string[] Known = [CycleColumn, SohScale.SohColumn, SohScale.CapacityColumn];

    /// <summary>The per-cell files of <paramref name="folder"/> in ordinal name order; empty when it has none.</summary>
    public static string[] CellFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.csv")
            .Where(f => !Path.GetFileNameWithoutExtension(f).EndsWith(MetadataReader.Suffix, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static IReadOnlyList<TimeSeries> Read(string folder, FleetLoadOptions options, ICollection<DataProblem> problems)
    {
        string[] files = CellFiles(folder);
        if (files.Length == 0) throw new DataFormatException(folder, null, "no per-cell CSV files in the folder");
        return files.Select(f => ReadCell(f, options, problems)).ToArray();
    }

    public static TimeSeries ReadCell(string path, FleetLoadOptions options, ICollection<DataProblem> problems)
    {
        using var reader = CsvFile.Open(path, "cycle,soh");
        var columns = CsvFile.Columns(reader, path);
        if (columns.ContainsKey("cell"))
            throw new DataFormatException(path, 1,
                $"has a 'cell' column, so it is a long CSV rather than one cell's file: pass the file itself, or name it {FleetLoader.FolderCsv}");
        var scale = SohScale.FromHeader(columns, path, options, problems, out int valueIndex);
        CsvFile.RejectUnknownColumns(columns, path, Known,
            "cycle and soh (or capacity), or soh alone; the cell id is the file name");
        int cycleIndex = columns.GetValueOrDefault(CycleColumn, -1);

        var cell = new CellSeriesBuilder(Path.GetFileNameWithoutExtension(path), path);
        foreach (var row in CsvFile.Rows(reader, path))
        {
            if (CsvFile.IsBlank(row)) continue;
            CsvFile.CheckFieldCount(row, columns.Count, path);
            var at = DataLocation.Line(path, row.LineNumberFrom);
            int cycle = cycleIndex >= 0 ? FieldParser.Cycle(row[cycleIndex].Span, at) : cell.Count + 1;
            double value = FieldParser.Number(row[valueIndex].Span, scale.Column, at);
            cell.Add(cycle, scale.ToSoh(value, at), at);
        }
        return cell.Build(problems);
    }
}
