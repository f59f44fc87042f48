using System.Buffers.Binary;
using Google.Protobuf;

namespace Dlnet.Export.Onnx.Proto;

/// <summary>Element types used by the exporter (TensorProto.DataType).</summary>
internal enum TensorElementType
{
    Float = 1,
    Int64 = 7,
}

/// <summary>
/// A constant tensor: dims 1, data_type 2, int64_data 7, name 8, raw_data 9 (little-endian), doc_string 12.
/// Floats go in raw_data (4 bytes each, no varint overhead); int64 values in int64_data.
/// </summary>
internal sealed class TensorProto : IProtoMessage
{
    private byte[] _raw = [];
    private long[] _int64 = [];

    private TensorProto(string name, TensorElementType type, long[] dims)
    {
        Name = name;
        Type = type;
        Dims = dims;
    }

    public string Name { get; }

    public TensorElementType Type { get; }

    public IReadOnlyList<long> Dims { get; }

    public string DocString { get; init; } = "";

    public static TensorProto Floats(string name, ReadOnlySpan<float> values, long[] dims, string doc = "")
    {
        Check(name, values.Length, dims);
        var raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        return new TensorProto(name, TensorElementType.Float, dims) { _raw = raw, DocString = doc };
    }

    public static TensorProto Int64s(string name, ReadOnlySpan<long> values, long[] dims)
    {
        Check(name, values.Length, dims);
        return new TensorProto(name, TensorElementType.Int64, dims) { _int64 = values.ToArray() };
    }

    private static void Check(string name, int count, long[] dims)
    {
        long expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != count) throw new ArgumentException($"tensor '{name}' has {count} values for dims [{string.Join(',', dims)}]");
    }

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWriter.PackedInt64(output, 1, Dims);
        ProtoWriter.Int32(output, 2, (int)Type);
        ProtoWriter.PackedInt64(output, 7, _int64);
        ProtoWriter.String(output, 8, Name);
        ProtoWriter.Bytes(output, 9, _raw);
        ProtoWriter.String(output, 12, DocString);
    }
}

/// <summary>A typed graph input or output: name 1, type 2 (a <see cref="TypeProto"/>), doc_string 3.</summary>
internal sealed class ValueInfoProto(string name, TensorElementType type, IReadOnlyList<object> dims, string doc = "") : IProtoMessage
{
    public string Name { get; } = name;

    public TypeProto Type { get; } = new(type, dims);

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWriter.String(output, 1, Name);
        ProtoWriter.Message(output, 2, Type);
        ProtoWriter.String(output, 3, doc);
    }
}

/// <summary>
/// The type of a tensor value: TypeProto field tensor_type 1, holding elem_type 1 and shape 2; a shape
/// is a list of dim 1, each a fixed dim_value 1 or a symbolic dim_param 2 (the batch).
/// </summary>
internal sealed class TypeProto(TensorElementType elementType, IReadOnlyList<object> dims) : IProtoMessage
{
    /// <summary>Each a <see cref="long"/> size or a <see cref="string"/> symbol.</summary>
    public IReadOnlyList<object> Dims { get; } = dims;

    public void WriteTo(CodedOutputStream output) =>
        ProtoWriter.Message(output, 1, new Fields(tensor =>
        {
            ProtoWriter.Int32(tensor, 1, (int)elementType);
            ProtoWriter.Message(tensor, 2, new Fields(shape =>
            {
                foreach (object dim in Dims)
                    ProtoWriter.Message(shape, 1, new Fields(d =>
                    {
                        if (dim is string symbol) ProtoWriter.String(d, 2, symbol);
                        else
                        {
                            // Written even when zero: a zero-length dimension is still a known size.
                            d.WriteTag(1, WireFormat.WireType.Varint);
                            d.WriteInt64((long)dim);
                        }
                    }));
            }));
        }));

    /// <summary>A small nested message given by the code that writes its fields.</summary>
    private sealed class Fields(Action<CodedOutputStream> write) : IProtoMessage
    {
        public void WriteTo(CodedOutputStream output) => write(output);
    }
}
