using Dlnet.IO;
using Dlnet.Series;
using Parquet;
using Parquet.Schema;

namespace Dlnet.Fleet;

/// <summary>
/// Writes a fleet in the long Parquet form that <see cref="LongParquetReader"/> reads: columns <c>cell</c> (text),
/// <c>cycle</c> (int32, 1-based), <c>soh</c> (double) and, when any cell has one, <c>split</c> (text), in row groups
/// of at most <see cref="RowGroupRows"/> rows; the tags go to <c>&lt;stem&gt;_meta.csv</c> beside it as for the CSV
/// (<see cref="LongCsvWriter.WriteMetadata"/>). Doubles are stored as they are, so the file reads back to the same values.
/// </summary>
public static class LongParquetWriter
{
    /// <summary>
    /// Rows per row group (128 Ki, about a megabyte stored): a reader holds one group's columns decoded at a time,
    /// and decoded text columns cost tens of bytes a row, so smaller groups keep a large fleet's load small.
    /// </summary>
    public const int RowGroupRows = 1 << 17;

    private static readonly DataField<string> Cell = new("cell");
    private static readonly DataField<int> Cycle = new("cycle");
    private static readonly DataField<double> Soh = new("soh");
    private static readonly DataField<string> Split = new(TagNames.Split);

    /// <summary>Writes <paramref name="set"/> to <paramref name="path"/> whole or not at all, and its tags beside it.</summary>
    /// <returns>The metadata file written, or null when there were no tags.</returns>
    public static string? Write(SeriesSet set, string path) => Write(set, path, RowGroupRows);

    /// <summary>As <see cref="Write(SeriesSet, string)"/> with smaller row groups, to make files of many groups in tests.</summary>
    internal static string? Write(SeriesSet set, string path, int rowGroupRows)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupRows);
        bool hasSplit = set.Any(s => s.Tags.ContainsKey(TagNames.Split));
        AtomicFile.Write(path, stream => WriteValues(set, stream, rowGroupRows, hasSplit).GetAwaiter().GetResult());
        return LongCsvWriter.WriteMetadata(set, path);
    }

    private static async Task WriteValues(SeriesSet set, Stream stream, int rowGroupRows, bool hasSplit)
    {
        var schema = hasSplit ? new ParquetSchema(Cell, Cycle, Soh, Split) : new ParquetSchema(Cell, Cycle, Soh);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        var cells = new List<string>(rowGroupRows);
        var splits = new List<string>(hasSplit ? rowGroupRows : 0);
        var cycles = new int[rowGroupRows];
        var soh = new double[rowGroupRows];
        int n = 0;
        foreach (var series in set)
        {
            string split = series.Tags.GetValueOrDefault(TagNames.Split, "");
            for (int i = 0; i < series.Length; i++)
            {
                cells.Add(series.Id);
                if (hasSplit) splits.Add(split);
                cycles[n] = i + 1;
                soh[n] = series.Values[i];
                if (++n == rowGroupRows)
                {
                    await WriteGroup(writer, cells, cycles, soh, splits, n, hasSplit);
                    n = 0;
                }
            }
        }
        if (n > 0) await WriteGroup(writer, cells, cycles, soh, splits, n, hasSplit);
    }

    private static async Task WriteGroup(ParquetWriter writer, List<string> cells, int[] cycles, double[] soh, List<string> splits, int n, bool hasSplit)
    {
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(Cell, cells);
        await group.WriteAsync<int>(Cycle, new ReadOnlyMemory<int>(cycles, 0, n));
        await group.WriteAsync<double>(Soh, new ReadOnlyMemory<double>(soh, 0, n));
        if (hasSplit) await group.WriteAsync(Split, splits);
        cells.Clear();
        splits.Clear();
    }
}
