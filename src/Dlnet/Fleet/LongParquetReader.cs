using System.Numerics;
using Dlnet.IO;
using Dlnet.Series;
using Parquet;
using Parquet.Schema;

namespace Dlnet.Fleet;

/// <summary>
/// Reads the long form as Parquet: a row per cell and cycle, columns <c>cell</c> (text), <c>cycle</c> (whole numbers)
/// and <c>soh</c> or <c>capacity</c> (numbers), and optionally <c>split</c> (text, one per cell), names in any case.
/// The contract is <see cref="LongCsvReader"/>'s: cells in order of first row, each cell's cycles increasing, the same
/// checks and messages, which name the row group and the row (counted from 1 over the file). The file is read a row
/// group at a time; every size the file declares (footer, rows, column chunks, names) is checked before it is spent.
/// </summary>
internal static class LongParquetReader
{
    public const string Extension = ".parquet";

    private const string CellColumn = "cell";
    private const string CycleColumn = "cycle";
    private const string SplitColumn = TagNames.Split;
    private static readonly string[] Known = [CellColumn, CycleColumn, SohScale.SohColumn, SohScale.CapacityColumn, SplitColumn];

    /// <summary>True when the file starts and ends with Parquet's magic <c>PAR1</c>.</summary>
    public static bool HasMagic(string path)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length < 12) return false;
        Span<byte> head = stackalloc byte[4], tail = stackalloc byte[4];
        stream.ReadExactly(head);
        stream.Seek(-4, SeekOrigin.End);
        stream.ReadExactly(tail);
        return head.SequenceEqual("PAR1"u8) && tail.SequenceEqual("PAR1"u8);
    }

    public static IReadOnlyList<TimeSeries> Read(string path, FleetLoadOptions options, ICollection<DataProblem> problems) =>
        Read(path, options, problems, DataLimits.MaxRowGroupRows);

    /// <summary>As <see cref="Read(string, FleetLoadOptions, ICollection{DataProblem})"/>, with the most rows a row group may declare lowered for tests.</summary>
    internal static IReadOnlyList<TimeSeries> Read(string path, FleetLoadOptions options, ICollection<DataProblem> problems, int maxRowGroupRows)
    {
        long length = new FileInfo(path).Length;
        if (length > DataLimits.MaxFileBytes)
            throw new DataFormatException(path, null, $"the file is {DataLimits.Bytes(length)}, more than the {DataLimits.Bytes(DataLimits.MaxFileBytes)} a data file may be");
        if (!HasMagic(path))
            throw new DataFormatException(path, null, "not a Parquet file: it does not start and end with PAR1 (a long CSV needs the .csv extension)");
        CheckFooter(path, length);

        using var stream = File.OpenRead(path);
        var reader = Decode(path, "the footer", () => ParquetReader.CreateAsync(stream, new ParquetOptions { TreatByteArrayAsString = true }).GetAwaiter().GetResult());
        var part = new Part("the schema");
        try { return Read(reader, path, length, options, problems, maxRowGroupRows, part); }
        catch (Exception e) when (IsDecodingError(e))
        {
            throw new DataFormatException(path, null, $"{part.Name}: not readable as Parquet: {Shown(e)}", e);
        }
        finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    /// <summary>What is being read, for the message when the decoder fails on it.</summary>
    private sealed class Part(string name)
    {
        public string Name { get; set; } = name;
    }

    private static TimeSeries[] Read(ParquetReader reader, string path, long length, FleetLoadOptions options, ICollection<DataProblem> problems,
        int maxRowGroupRows, Part part)
    {
        var fields = Fields(reader, path);
        var file = DataLocation.WholeFile(path);
        if (!fields.TryGetValue(CellColumn, out var cellField))
            throw file.Error($"missing column 'cell'; the file has {Describe(fields)}");
        if (!fields.TryGetValue(CycleColumn, out var cycleField))
            throw file.Error($"missing column 'cycle'; the file has {Describe(fields)}");
        var indices = fields.Keys.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        var scale = SohScale.FromHeader(indices, path, options, problems, out int valueIndex, file);
        var valueField = fields.Values.ElementAt(valueIndex);
        foreach (var name in fields.Keys.Where(n => !Known.Contains(n)))
            throw file.Error($"unknown column '{name}': expected cell, cycle and soh (or capacity), and split; move other fields to the metadata file");
        fields.TryGetValue(SplitColumn, out var splitField);
        RequireType(file, cellField, "text", IsText);
        RequireType(file, cycleField, "whole numbers (int32 or int64)", IsWhole);
        RequireType(file, valueField, "numbers (double or float)", t => t == typeof(double) || t == typeof(float) || IsWhole(t));
        if (splitField != null) RequireType(file, splitField, "text", IsText);

        int groups = reader.RowGroupCount;
        long declared = 0;
        for (int g = 0; g < groups; g++)
        {
            long rows = reader.RowGroups[g].RowCount;
            if (rows < 0 || rows > maxRowGroupRows)
                throw file.Error($"row group {g + 1} of {groups} declares {rows:N0} rows; a row group may hold at most {maxRowGroupRows:N0}");
            declared += rows;
        }
        if (declared > DataLimits.MaxFileRows)
            throw file.Error($"the file declares {declared:N0} rows; a fleet file may hold at most {DataLimits.MaxFileRows:N0}");

        var cells = new Dictionary<string, CellSeriesBuilder>(StringComparer.Ordinal);
        var order = new List<CellSeriesBuilder>();
        var splits = new Dictionary<string, (string Split, int Row)>(StringComparer.Ordinal);
        int row = 0;
        // The pages are walked through a stream of their own, opened once for every row group.
        using var pages = File.OpenRead(path);
        var headerBuffer = new byte[DataLimits.MaxPageHeaderBytes];
        for (int g = 0; g < groups; g++)
        {
            part.Name = $"row group {g + 1} of {groups}";
            using var group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            CheckChunks(group, file, g, groups, length);
            CheckPages(pages, headerBuffer, group, file, g, groups);
            string?[] ids = Strings(group, cellField, n);
            long?[] cycles = Numbers<long>(group, cycleField, n);
            double?[] values = Numbers<double>(group, valueField, n);
            string?[]? splitValues = splitField is null ? null : Strings(group, splitField, n);

            for (int i = 0; i < n; i++)
            {
                var at = DataLocation.RowInGroup(path, ++row, g + 1, groups);
                string id = Name(ids[i], "the cell id", at);
                if (id.Length == 0) throw at.Error("empty cell id");
                if (!cells.TryGetValue(id, out var cell))
                {
                    cell = new CellSeriesBuilder(id, path);
                    cells.Add(id, cell);
                    order.Add(cell);
                }
                int cycle = Cycle(cycles[i], at);
                if (values[i] is not double value) throw at.Error($"empty {scale.Column} value: fill it or remove the row");
                value = FieldParser.Finite(value, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), scale.Column, at);
                cell.Add(cycle, scale.ToSoh(value, at), at);
                if (splitValues != null) AddSplit(splits, id, Name(splitValues[i], "the split tag", at), at);
            }
        }
        if (order.Count == 0)
            throw file.Error("the file has columns but no rows: expected a row per cell and cycle");
        return order.Select(c =>
        {
            var series = c.Build(problems);
            return splits.TryGetValue(c.Id, out var s) && s.Split.Length > 0
                ? series with { Tags = new Dictionary<string, string>(StringComparer.Ordinal) { [TagNames.Split] = s.Split } }
                : series;
        }).ToArray();
    }

    // The footer's length is the last 4 bytes before the closing magic; the reader would allocate it as given, and
    // decode counts in it as given, so its structure is walked first (ParquetFooterCheck).
    private static void CheckFooter(string path, long length)
    {
        using var stream = File.OpenRead(path);
        Span<byte> bytes = stackalloc byte[4];
        stream.Seek(-8, SeekOrigin.End);
        stream.ReadExactly(bytes);
        long footer = BitConverter.ToUInt32(bytes);
        if (footer == 0 || footer > length - 12)
            throw new DataFormatException(path, null, $"the footer declares {footer:N0} bytes but the file has {length - 12:N0} between its magic numbers: the file is truncated or not Parquet");
        var content = new byte[footer];
        stream.Seek(-8 - footer, SeekOrigin.End);
        stream.ReadExactly(content);
        if (ParquetFooterCheck.Problem(content) is string problem)
            throw new DataFormatException(path, null, $"the footer is not valid Parquet metadata: {problem}");
    }

    // Column chunks are read whole: their declared sizes must fit in the file (compressed) and in the limit (uncompressed).
    private static void CheckChunks(ParquetRowGroupReader group, DataLocation file, int g, int groups, long length)
    {
        foreach (var chunk in group.RowGroup.Columns)
        {
            if (chunk.MetaData is not { } meta) continue;
            if (meta.TotalCompressedSize < 0 || meta.TotalCompressedSize > length || meta.TotalUncompressedSize < 0 || meta.TotalUncompressedSize > DataLimits.MaxFileBytes)
                throw file.Error($"row group {g + 1} of {groups}: column '{string.Join('.', meta.PathInSchema ?? [])}' declares {meta.TotalCompressedSize:N0} bytes stored, {meta.TotalUncompressedSize:N0} unpacked, in a file of {length:N0}");
        }
    }

    /// <summary>
    /// Every page of every column chunk, walked before the library reads it: it allocates what a page header declares
    /// unpacked, and what a Snappy block's first varint declares, so both must be within
    /// <see cref="DataLimits.MaxUnpackRatio"/> of the bytes stored (a 1 KB file declaring 128 MB is refused here).
    /// </summary>
    private static void CheckPages(Stream stream, byte[] buffer, ParquetRowGroupReader group, DataLocation file, int g, int groups)
    {
        foreach (var chunk in group.RowGroup.Columns)
        {
            if (chunk.MetaData is not { } meta) continue;
            string column = string.Join('.', meta.PathInSchema ?? []);
            string Where() => $"row group {g + 1} of {groups}: column '{column}'";
            long start = meta.DictionaryPageOffset is long d && d > 0 ? Math.Min(d, meta.DataPageOffset) : meta.DataPageOffset;
            long end = start + meta.TotalCompressedSize;
            if (start < 4 || end > stream.Length) throw file.Error($"{Where()}: its pages lie outside the file");
            for (long at = start; at < end;)
            {
                stream.Position = at;
                int read = stream.ReadAtLeast(buffer, Math.Min(buffer.Length, (int)Math.Min(int.MaxValue, stream.Length - at)), throwOnEndOfStream: false);
                if (ParquetFooterCheck.PageHeader(buffer.AsSpan(0, read), out int header, out long unpacked, out long packed) is string problem)
                    throw file.Error($"{Where()}: a page header at byte {at:N0} is not valid: {problem}");
                if (packed < 0 || unpacked < 0 || at + header + packed > end)
                    throw file.Error($"{Where()}: a page at byte {at:N0} declares {packed:N0} bytes stored, past its column chunk");
                if (unpacked > DataLimits.MaxUnpackRatio * packed + DataLimits.UnpackSlackBytes)
                    throw file.Error($"{Where()}: a page at byte {at:N0} declares {unpacked:N0} bytes unpacked from {packed:N0}");
                if (meta.Codec == Parquet.Meta.CompressionCodec.SNAPPY && packed > 0)
                {
                    // A Snappy block starts with the length it unpacks to, a varint the decoder allocates.
                    stream.Position = at + header;
                    ulong declared = 0;
                    for (int shift = 0; shift < 35; shift += 7)
                    {
                        int b = stream.ReadByte();
                        if (b < 0) break;
                        declared |= (ulong)(b & 0x7F) << shift;
                        if ((b & 0x80) == 0) break;
                    }
                    if (declared > (ulong)unpacked)
                        throw file.Error($"{Where()}: a Snappy page at byte {at:N0} unpacks to {declared:N0} bytes, its header says {unpacked:N0}");
                }
                at += header + packed;
            }
        }
    }

    /// <summary>The top-level columns by lower-case name, in file order; nested or repeated columns are refused.</summary>
    private static Dictionary<string, DataField> Fields(ParquetReader reader, string path)
    {
        var file = DataLocation.WholeFile(path);
        var fields = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (var field in reader.Schema.Fields)
        {
            string name = FieldParser.Shown(field.Name.Trim().ToLowerInvariant());
            if (field is not DataField data || data.IsArray || data.MaxRepetitionLevel > 0)
                throw file.Error($"column '{name}' is nested or repeated: expected flat columns cell, cycle and soh");
            if (!fields.TryAdd(name, data)) throw file.Error($"column '{name}' appears twice");
        }
        return fields;
    }

    private static string Describe(Dictionary<string, DataField> fields) =>
        fields.Count == 0 ? "no columns" : string.Join(", ", fields.Keys.Select(k => $"'{k}'"));

    private static bool IsText(Type t) => t == typeof(string) || t == typeof(ReadOnlyMemory<char>);

    private static bool IsWhole(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(sbyte) || t == typeof(ushort) || t == typeof(uint);

    private static void RequireType(DataLocation file, DataField field, string expected, Func<Type, bool> ok)
    {
        if (!ok(field.ClrType))
            throw file.Error($"column '{FieldParser.Shown(field.Name.ToLowerInvariant())}' holds {TypeName(field.ClrType)} values; expected {expected}");
    }

    private static string TypeName(Type t)
    {
        if (IsText(t)) return "text";
        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>)) return "binary";
        if (t == typeof(int)) return "int32";
        if (t == typeof(long)) return "int64";
        if (t == typeof(bool)) return "boolean";
        return t.Name.ToLowerInvariant();
    }

    private static string Name(string? text, string what, DataLocation at)
    {
        if (text is null) return "";
        if (text.Length > DataLimits.MaxNameChars)
            throw at.Error($"{what} is {text.Length:N0} characters long; at most {DataLimits.MaxNameChars:N0} are allowed");
        return FieldParser.Name(text.AsSpan().Trim(), what, at).ToString();
    }

    private static int Cycle(long? cycle, DataLocation at) => cycle switch
    {
        null => throw at.Error("empty cycle value"),
        < 0 => throw at.Error($"cycle {cycle} is negative: cycles count from 0 or 1"),
        > int.MaxValue => throw at.Error($"cycle {cycle} is larger than {int.MaxValue:N0}"),
        long c => (int)c,
    };

    private static void AddSplit(Dictionary<string, (string Split, int Row)> splits, string cell, string split, DataLocation at)
    {
        if (!splits.TryGetValue(cell, out var first)) splits[cell] = (split, at.Number);
        else if (first.Split != split)
            throw at.Error($"cell {cell} has split '{FieldParser.Shown(split)}' here but '{FieldParser.Shown(first.Split)}' on row {first.Row}: give each cell one split");
    }

    private static string?[] Strings(ParquetRowGroupReader group, DataField field, int n)
    {
        var values = new string?[n];
        group.ReadAsync(field, values.AsMemory()!).AsTask().GetAwaiter().GetResult();
        return values;
    }

    /// <summary>A numeric column of any stored width as <typeparamref name="TOut"/>, nulls kept as nulls.</summary>
    private static TOut?[] Numbers<TOut>(ParquetRowGroupReader group, DataField field, int n) where TOut : struct, INumber<TOut>
    {
        var t = field.ClrType;
        if (t == typeof(double)) return Convert<double, TOut>(group, field, n);
        if (t == typeof(float)) return Convert<float, TOut>(group, field, n);
        if (t == typeof(long)) return Convert<long, TOut>(group, field, n);
        if (t == typeof(int)) return Convert<int, TOut>(group, field, n);
        if (t == typeof(uint)) return Convert<uint, TOut>(group, field, n);
        if (t == typeof(short)) return Convert<short, TOut>(group, field, n);
        if (t == typeof(ushort)) return Convert<ushort, TOut>(group, field, n);
        if (t == typeof(byte)) return Convert<byte, TOut>(group, field, n);
        return Convert<sbyte, TOut>(group, field, n);
    }

    private static TOut?[] Convert<TIn, TOut>(ParquetRowGroupReader group, DataField field, int n)
        where TIn : struct, INumber<TIn> where TOut : struct, INumber<TOut>
    {
        var result = new TOut?[n];
        if (field.IsNullable)
        {
            var raw = new TIn?[n];
            group.ReadAsync(field, raw.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (int i = 0; i < n; i++) result[i] = raw[i] is TIn v ? TOut.CreateSaturating(v) : null;
        }
        else
        {
            var raw = new TIn[n];
            group.ReadAsync(field, raw.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (int i = 0; i < n; i++) result[i] = TOut.CreateSaturating(raw[i]);
        }
        return result;
    }

    /// <summary>
    /// Runs one decoding step of the Parquet library. A hostile file can make the decoder fail in many ways (bad
    /// Thrift, bad pages, bad compression, a schema it cannot model); each becomes one error naming the file and the part.
    /// </summary>
    private static T Decode<T>(string path, string part, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (IsDecodingError(e))
        {
            throw new DataFormatException(path, null, $"{part}: not readable as Parquet: {Shown(e)}", e);
        }
    }

    private static bool IsDecodingError(Exception e) => e is not (DataFormatException or OutOfMemoryException or OperationCanceledException);

    private static string Shown(Exception e)
    {
        string text = e.Message.ReplaceLineEndings(" ");
        return text.Length <= 200 ? text : text[..200] + "...";
    }
}
