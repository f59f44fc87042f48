using Google.Protobuf;

namespace Dlnet.Export.Onnx.Proto;

/// <summary>
/// One operator call: input 1 and output 2 (value names, "" for an omitted optional input), name 3,
/// op_type 4, attribute 5, doc_string 6, domain 7.
/// </summary>
internal sealed class NodeProto : IProtoMessage
{
    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public string Name { get; set; } = "";

    public string OpType { get; set; } = "";

    public string Domain { get; set; } = "";

    public List<AttributeProto> Attributes { get; } = [];

    public void WriteTo(CodedOutputStream output)
    {
        // Empty input names are meaningful (a skipped optional input), so they are written as they are.
        foreach (string input in Inputs)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(input);
        }
        foreach (string result in Outputs)
        {
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString(result);
        }
        ProtoWriter.String(output, 3, Name);
        ProtoWriter.String(output, 4, OpType);
        foreach (var attribute in Attributes) ProtoWriter.Message(output, 5, attribute);
        ProtoWriter.String(output, 7, Domain);
    }
}

/// <summary>The value kinds of an attribute (AttributeProto.AttributeType).</summary>
internal enum AttributeType
{
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Graph = 5,
    Floats = 6,
    Ints = 7,
}

/// <summary>
/// A named operator attribute: name 1, f 2, i 3, s 4, t 5, g 6, floats 7, ints 8, type 20. Exactly one
/// value field is set, the one <see cref="Type"/> names.
/// </summary>
internal sealed class AttributeProto : IProtoMessage
{
    private AttributeProto(string name, AttributeType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public AttributeType Type { get; }

    public float F { get; private init; }

    public long I { get; private init; }

    public string S { get; private init; } = "";

    public TensorProto? T { get; private init; }

    public GraphProto? G { get; private init; }

    public IReadOnlyList<float> Floats { get; private init; } = [];

    public IReadOnlyList<long> Ints { get; private init; } = [];

    public static AttributeProto Of(string name, float value) => new(name, AttributeType.Float) { F = value };

    public static AttributeProto Of(string name, long value) => new(name, AttributeType.Int) { I = value };

    public static AttributeProto Of(string name, string value) => new(name, AttributeType.String) { S = value };

    public static AttributeProto Of(string name, TensorProto value) => new(name, AttributeType.Tensor) { T = value };

    public static AttributeProto Of(string name, GraphProto value) => new(name, AttributeType.Graph) { G = value };

    public static AttributeProto Of(string name, IReadOnlyList<long> values) => new(name, AttributeType.Ints) { Ints = values };

    public static AttributeProto Of(string name, IReadOnlyList<float> values) => new(name, AttributeType.Floats) { Floats = values };

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWriter.String(output, 1, Name);
        switch (Type)
        {
            case AttributeType.Float: ProtoWriter.Float(output, 2, F); break;
            case AttributeType.Int:
                // Written even when zero: the attribute's presence is what the operator reads.
                output.WriteTag(3, WireFormat.WireType.Varint);
                output.WriteInt64(I);
                break;
            case AttributeType.String:
                output.WriteTag(4, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFromUtf8(S));
                break;
            case AttributeType.Tensor: ProtoWriter.Message(output, 5, T!); break;
            case AttributeType.Graph: ProtoWriter.Message(output, 6, G!); break;
            case AttributeType.Floats: ProtoWriter.PackedFloat(output, 7, Floats); break;
            case AttributeType.Ints: ProtoWriter.PackedInt64(output, 8, Ints); break;
        }
        ProtoWriter.Int32(output, 20, (int)Type);
    }
}
