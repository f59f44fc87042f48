using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Fleet;

/// <summary>
/// Reads the long form: one CSV with a row per cell and cycle, columns <c>cell,cycle,soh</c> or
/// <c>cell,cycle,capacity</c> in any order, names in any case. Cells appear in order of first row;
/// a cell's rows need not be adjacent but its cycles must increase.
/// </summary>
internal static class LongCsvReader
{
    private const string CellColumn = "cell";
    private const string CycleColumn = "cycle";
    private static readonly string[] Known = [CellColumn, CycleColumn, SohScale.SohColumn, SohScale.CapacityColumn];

    public static IReadOnlyList<TimeSeries> Read(string path, FleetLoadOptions options, ICollection<DataProblem> problems)
    {
        using var reader = CsvFile.Open(path, "cell,cycle,soh");
        var columns = CsvFile.Columns(reader, path);
        if (!columns.TryGetValue(CellColumn, out int cellIndex))
            throw new DataFormatException(path, 1, $"missing column 'cell'; the header has {CsvFile.Describe(columns)} (a file per cell belongs in a folder of per-cell CSV files)");
        if (!columns.TryGetValue(CycleColumn, out int cycleIndex))
            throw new DataFormatException(path, 1, $"missing column 'cycle'; the header has {CsvFile.Describe(columns)}");
        var scale = SohScale.FromHeader(columns, path, options, problems, out int valueIndex);
        CsvFile.RejectUnknownColumns(columns, path, Known, "cell, cycle and soh (or capacity)");

        var cells = new Dictionary<string, CellSeriesBuilder>(StringComparer.Ordinal);
        var order = new List<CellSeriesBuilder>();
        foreach (var row in CsvFile.Rows(reader, path))
        {
            if (CsvFile.IsBlank(row)) continue;
            CsvFile.CheckFieldCount(row, columns.Count, path);
            var at = DataLocation.Line(path, row.LineNumberFrom);
            var idText = FieldParser.Name(row[cellIndex].Span.Trim(), "the cell id", at);
            if (idText.IsEmpty) throw at.Error("empty cell id");
            // Look up by span first so that 100k rows of a few cells do not allocate an id string each.
            if (!cells.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(idText, out var cell))
            {
                cell = new CellSeriesBuilder(idText.ToString(), path);
                cells.Add(cell.Id, cell);
                order.Add(cell);
            }
            int cycle = FieldParser.Cycle(row[cycleIndex].Span, at);
            double value = FieldParser.Number(row[valueIndex].Span, scale.Column, at);
            cell.Add(cycle, scale.ToSoh(value, at), at);
        }
        if (order.Count == 0)
            throw new DataFormatException(path, null, "the file has a header but no rows: expected a row per cell and cycle");
        return order.Select(c => c.Build(problems)).ToArray();
    }
}
