using Parquet;
using Parquet.Schema;

namespace Dlnet.Tests.Data;

/// <summary>Writes Parquet files of any columns, types and nulls, to feed the reader what the fleet writer never writes.</summary>
public static class TestParquet
{
    /// <summary>One column: its name and values (string?[], int[], long?[], double[] ...); the values' element type sets the column's type.</summary>
    public sealed record Column(string Name, Array Values);

    public static Column Of<T>(string name, params T[] values) => new(name, values);

    /// <summary>Writes the columns as row groups of <paramref name="rowGroupRows"/> rows (all in one by default).</summary>
    public static void Write(string path, int rowGroupRows, params Column[] columns)
    {
        Task.Run(async () =>
        {
            var fields = columns.Select(c => new DataField(c.Name, c.Values.GetType().GetElementType()!)).ToArray();
            using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
            int rows = columns[0].Values.Length;
            for (int first = 0; first < Math.Max(rows, 1); first += rowGroupRows)
            {
                int n = Math.Min(rowGroupRows, rows - first);
                using var group = writer.CreateRowGroup();
                for (int c = 0; c < columns.Length; c++) await WriteColumn(group, fields[c], columns[c].Values, first, n);
            }
        }).GetAwaiter().GetResult();
    }

    public static void Write(string path, params Column[] columns) => Write(path, int.MaxValue, columns);

    private static Task WriteColumn(ParquetRowGroupWriter group, DataField field, Array values, int first, int n) => values switch
    {
        string?[] s => group.WriteAsync(field, s.Skip(first).Take(n).ToArray()),
        int[] v => group.WriteAsync<int>(field, new ReadOnlyMemory<int>(v, first, n)),
        long[] v => group.WriteAsync<long>(field, new ReadOnlyMemory<long>(v, first, n)),
        long?[] v => group.WriteAsync<long>(field, new ReadOnlyMemory<long?>(v, first, n)),
        double[] v => group.WriteAsync<double>(field, new ReadOnlyMemory<double>(v, first, n)),
        double?[] v => group.WriteAsync<double>(field, new ReadOnlyMemory<double?>(v, first, n)),
        float[] v => group.WriteAsync<float>(field, new ReadOnlyMemory<float>(v, first, n)),
        bool[] v => group.WriteAsync<bool>(field, new ReadOnlyMemory<bool>(v, first, n)),
        _ => throw new ArgumentException($"no writer for {values.GetType().Name}"),
    };

    /// <summary>A valid long-form file: cells A (cycles 1-3) and B (1, 2, 4).</summary>
    public static void WriteValid(string path, int rowGroupRows = int.MaxValue) => Write(path, rowGroupRows,
        Of("cell", "A", "A", "A", "B", "B", "B"),
        Of("cycle", 1, 2, 3, 1, 2, 4),
        Of("soh", 1.0, 0.999, 0.998, 0.97, 0.969, 0.96));
}
