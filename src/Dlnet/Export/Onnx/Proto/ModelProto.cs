using Google.Protobuf;

namespace Dlnet.Export.Onnx.Proto;

/// <summary>
/// The ONNX top-level message: IR version, operator sets, producer, the graph and free-form metadata.
/// Field numbers as in the ONNX IR specification: ir_version 1, producer_name 2, producer_version 3,
/// domain 4, model_version 5, doc_string 6, graph 7, opset_import 8, metadata_props 14.
/// </summary>
internal sealed class ModelProto : IProtoMessage
{
    public long IrVersion { get; set; }

    public string ProducerName { get; set; } = "";

    public string ProducerVersion { get; set; } = "";

    public string Domain { get; set; } = "";

    public long ModelVersion { get; set; }

    public string DocString { get; set; } = "";

    public GraphProto Graph { get; set; } = new();

    public List<OperatorSetIdProto> OpsetImport { get; } = [];

    public List<StringStringEntryProto> MetadataProps { get; } = [];

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWriter.Int64(output, 1, IrVersion);
        ProtoWriter.String(output, 2, ProducerName);
        ProtoWriter.String(output, 3, ProducerVersion);
        ProtoWriter.String(output, 4, Domain);
        ProtoWriter.Int64(output, 5, ModelVersion);
        ProtoWriter.String(output, 6, DocString);
        ProtoWriter.Message(output, 7, Graph);
        foreach (var opset in OpsetImport) ProtoWriter.Message(output, 8, opset);
        foreach (var entry in MetadataProps) ProtoWriter.Message(output, 14, entry);
    }
}

/// <summary>An operator set the model binds to: domain 1 ("" for the default ai.onnx), version 2.</summary>
internal sealed record OperatorSetIdProto(string Domain, long Version) : IProtoMessage
{
    public void WriteTo(CodedOutputStream output)
    {
        ProtoWriter.String(output, 1, Domain);
        ProtoWriter.Int64(output, 2, Version);
    }
}

/// <summary>A metadata entry: key 1, value 2.</summary>
internal sealed record StringStringEntryProto(string Key, string Value) : IProtoMessage
{
    public void WriteTo(CodedOutputStream output)
    {
        ProtoWriter.String(output, 1, Key);
        ProtoWriter.String(output, 2, Value);
    }
}
