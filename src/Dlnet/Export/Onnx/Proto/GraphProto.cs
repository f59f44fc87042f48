using Google.Protobuf;

namespace Dlnet.Export.Onnx.Proto;

/// <summary>
/// A computation graph: nodes in topological order, the constant tensors (initializers) and the typed
/// inputs and outputs. Fields: node 1, name 2, initializer 5, doc_string 10, input 11, output 12.
/// </summary>
internal sealed class GraphProto : IProtoMessage
{
    public string Name { get; set; } = "";

    public string DocString { get; set; } = "";

    public List<NodeProto> Nodes { get; } = [];

    public List<TensorProto> Initializers { get; } = [];

    public List<ValueInfoProto> Inputs { get; } = [];

    public List<ValueInfoProto> Outputs { get; } = [];

    public void WriteTo(CodedOutputStream output)
    {
        foreach (var node in Nodes) ProtoWriter.Message(output, 1, node);
        ProtoWriter.String(output, 2, Name);
        foreach (var tensor in Initializers) ProtoWriter.Message(output, 5, tensor);
        ProtoWriter.String(output, 10, DocString);
        foreach (var input in Inputs) ProtoWriter.Message(output, 11, input);
        foreach (var result in Outputs) ProtoWriter.Message(output, 12, result);
    }
}
