using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Dlnet.IO;

namespace Dlnet.ModelFiles;

/// <summary>One named float32 tensor of a safetensors file, row-major.</summary>
public sealed record SafeTensor(string Name, int[] Shape, float[] Data);

/// <summary>
/// Reader and writer of the safetensors format for float32 tensors: an 8-byte little-endian header
/// length N, N bytes of JSON (<c>{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]},
/// "__metadata__": {string: string}}</c>, padded with spaces to a multiple of 8), then the tensor bytes,
/// little-endian, offsets relative to the end of the header. The reader trusts nothing: every length,
/// offset and shape is checked, and any inconsistency is a <see cref="DataFormatException"/>.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";

    /// <summary>Headers above this size are refused before any is read (a model's header takes a few kilobytes).</summary>
    public const long MaxHeaderBytes = 1 << 20;

    /// <summary>Writes <paramref name="tensors"/> in the order given, back to back.</summary>
    public static void Write(Stream stream, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in tensors)
            {
                long length = (long)t.Data.Length * sizeof(float);
                if (t.Shape.Aggregate(1L, (a, d) => a * d) != t.Data.Length)
                    throw new ArgumentException($"tensor '{t.Name}' has shape [{string.Join(',', t.Shape)}] but {t.Data.Length} values");
                writer.WriteStartObject(t.Name);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (int d in t.Shape) writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + length);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += length;
            }
            writer.WriteEndObject();
        }
        // Pad so that the tensor data starts 8-byte aligned.
        int padded = (int)((json.Length + 7) / 8 * 8);
        while (json.Length < padded) json.WriteByte((byte)' ');

        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)json.Length);
        stream.Write(prefix);
        json.Position = 0;
        json.CopyTo(stream);
        var buffer = new byte[4096];
        foreach (var t in tensors)
        {
            for (int i = 0; i < t.Data.Length;)
            {
                int n = Math.Min(buffer.Length / 4, t.Data.Length - i);
                for (int j = 0; j < n; j++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(j * 4), t.Data[i + j]);
                stream.Write(buffer, 0, n * 4);
                i += n;
            }
        }
    }

    /// <summary>Writes a file atomically (readers see the old file or the whole new one).</summary>
    public static void Save(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.Write(path, s => Write(s, tensors, metadata));

    /// <summary>
    /// Reads and checks a file. Nothing is read before its size is known to fit: the file's length is checked
    /// against <paramref name="maxBytes"/>, then the header's length, then every tensor's extent against the data,
    /// and only then are the tensors read, each from its offset.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="checkHeader">Sees every tensor's name and shape before any value is read, and throws to refuse them.</param>
    /// <param name="maxBytes">The largest file accepted.</param>
    /// <exception cref="DataFormatException">The file is missing, truncated, oversized or inconsistent.</exception>
    public static (IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Load(
        string path, Action<IReadOnlyList<(string Name, int[] Shape)>>? checkHeader = null, long maxBytes = ModelLimits.MaxWeightsBytes)
    {
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException(path, null, "no such file");
        }
        using (stream)
        {
            long length = stream.Length;
            if (length > maxBytes)
                throw new DataFormatException(path, null, $"{length:N0} bytes, more than the {maxBytes:N0} of the largest weights file this build reads (docs/model-files.md)");
            try { return Read(path, stream, length, checkHeader); }
            catch (EndOfStreamException) { throw new DataFormatException(path, null, "truncated while it was read"); }
        }
    }

    /// <summary>Parses the bytes of a file; <paramref name="path"/> only names it in errors.</summary>
    public static (IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Parse(string path, byte[] bytes) =>
        Read(path, new MemoryStream(bytes, writable: false), bytes.Length, checkHeader: null);

    private static (IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(
        string path, Stream stream, long length, Action<IReadOnlyList<(string Name, int[] Shape)>>? checkHeader)
    {
        DataFormatException Bad(string problem) => new(path, null, problem);

        if (length < 8) throw Bad($"truncated: {length} bytes, too short for the 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes) throw Bad($"header length {headerLength} exceeds the limit of {MaxHeaderBytes} bytes");
        if ((long)headerLength > length - 8) throw Bad($"truncated: header length {headerLength} runs beyond the end of the file ({length} bytes)");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataStart = 8 + (long)headerLength, dataLength = length - dataStart;

        // The JSON reader checks the encoding of a string only when it is read; check it all first.
        if (!Utf8.IsValid(header)) throw Bad("header is not valid UTF-8");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header); }
        catch (JsonException e) { throw Bad($"header is not valid JSON: {e.Message}"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("header is not a JSON object");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) throw Bad("__metadata__ is not an object");
                    foreach (var m in property.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String) throw Bad($"metadata '{m.Name}' is not a string");
                        metadata[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                if (!names.Add(property.Name)) throw Bad($"tensor '{property.Name}' appears twice");
                entries.Add(ReadEntry(property, Bad));
            }

            // Tensors must tile the data exactly: no overlap, no gap, nothing after the last.
            long cursor = 0;
            foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
            {
                if (e.End > dataLength)
                    throw Bad($"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] run beyond the data ({dataLength} bytes; truncated file?)");
                if (e.Begin < cursor) throw Bad($"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] overlap another tensor");
                if (e.Begin > cursor) throw Bad($"unused bytes [{cursor}, {e.Begin}) between tensors");
                cursor = e.End;
            }
            if (cursor != dataLength) throw Bad($"oversized: {dataLength - cursor} bytes after the last tensor");
            checkHeader?.Invoke([.. entries.Select(e => (e.Name, e.Shape))]);

            var tensors = new List<SafeTensor>(entries.Count);
            foreach (var e in entries)
            {
                long count = (e.End - e.Begin) / sizeof(float);
                if (count > Array.MaxLength) throw Bad($"tensor '{e.Name}' holds {count} values, more than an array holds");
                var values = new float[count];
                stream.Position = dataStart + e.Begin;
                stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
                if (!BitConverter.IsLittleEndian)
                {
                    var bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                }
                int bad = FirstNonFinite(values);
                if (bad >= 0) throw Bad($"tensor '{e.Name}' holds a non-finite value at index {bad}");
                tensors.Add(new SafeTensor(e.Name, e.Shape, values));
            }
            return (tensors, metadata);
        }
    }

    private static int FirstNonFinite(float[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    private static (string Name, int[] Shape, long Begin, long End) ReadEntry(JsonProperty property, Func<string, DataFormatException> bad)
    {
        string name = property.Name;
        var v = property.Value;
        if (v.ValueKind != JsonValueKind.Object) throw bad($"tensor '{name}' is not an object");
        if (!v.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw bad($"tensor '{name}' has no dtype");
        if (dtype.GetString() != "F32") throw bad($"tensor '{name}' has dtype '{dtype.GetString()}'; only F32 is supported");
        if (!v.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array)
            throw bad($"tensor '{name}' has no shape");
        var shape = new int[shapeJson.GetArrayLength()];
        int k = 0;
        foreach (var d in shapeJson.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                throw bad($"tensor '{name}' has an invalid dimension {d.GetRawText()}");
            shape[k++] = dim;
        }
        if (!v.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw bad($"tensor '{name}' has invalid data_offsets");
        long elements = 1;
        if (!shape.Contains(0))
        {
            foreach (int d in shape)
            {
                if (elements > long.MaxValue / sizeof(float) / d) throw bad($"tensor '{name}': shape [{string.Join(',', shape)}] is too large for any file");
                elements *= d;
            }
        }
        else elements = 0;
        if (elements * sizeof(float) != end - begin)
            throw bad($"tensor '{name}': shape [{string.Join(',', shape)}] needs {elements * sizeof(float)} bytes but data_offsets [{begin}, {end}] span {end - begin}");
        return (name, shape, begin, end);
    }
}
