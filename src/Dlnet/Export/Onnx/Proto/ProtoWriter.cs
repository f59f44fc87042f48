using Google.Protobuf;

namespace Dlnet.Export.Onnx.Proto;

/// <summary>
/// Field writers shared by the ONNX messages. Protocol buffers omit fields at their default value, and
/// an embedded message is written as a length-delimited field: the message is encoded on its own first
/// so that its length is known.
/// </summary>
internal static class ProtoWriter
{
    public static void String(CodedOutputStream output, int field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    public static void Int64(CodedOutputStream output, int field, long value)
    {
        if (value == 0) return;
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    public static void Int32(CodedOutputStream output, int field, int value)
    {
        if (value == 0) return;
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt32(value);
    }

    public static void Float(CodedOutputStream output, int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
    }

    public static void Bytes(CodedOutputStream output, int field, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return;
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
    }

    /// <summary>A repeated int64 field, packed (one length-delimited run of varints).</summary>
    public static void PackedInt64(CodedOutputStream output, int field, IReadOnlyList<long> values)
    {
        if (values.Count == 0) return;
        int size = 0;
        foreach (long v in values) size += CodedOutputStream.ComputeInt64Size(v);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(size);
        foreach (long v in values) output.WriteInt64(v);
    }

    /// <summary>A repeated float field, packed (one length-delimited run of little-endian floats).</summary>
    public static void PackedFloat(CodedOutputStream output, int field, IReadOnlyList<float> values)
    {
        if (values.Count == 0) return;
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(values.Count * sizeof(float));
        foreach (float v in values) output.WriteFloat(v);
    }

    public static void Message(CodedOutputStream output, int field, IProtoMessage message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(Encode(message)));
    }

    public static byte[] Encode(IProtoMessage message)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            message.WriteTo(output);
        }
        return buffer.ToArray();
    }
}

/// <summary>A message that can write its own fields.</summary>
internal interface IProtoMessage
{
    void WriteTo(CodedOutputStream output);
}
