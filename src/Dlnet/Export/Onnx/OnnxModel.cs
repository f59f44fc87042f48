using Dlnet.Export.Onnx.Proto;

namespace Dlnet.Export.Onnx;

/// <summary>An exported ONNX model, ready to be written as the bytes of a <c>.onnx</c> file.</summary>
public sealed class OnnxModel
{
    /// <summary>ONNX IR version written (8: the IR of ONNX 1.10 to 1.12, read by every current runtime).</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain operator set: 17 is the first with LayerNormalization.</summary>
    public const long OpsetVersion = 17;

    private readonly ModelProto _proto;

    internal OnnxModel(GraphProto graph, int nodes, IReadOnlyDictionary<string, string> metadata, string doc)
    {
        _proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "dlnet",
            ProducerVersion = DlnetVersion,
            DocString = doc,
            Graph = graph,
        };
        _proto.OpsetImport.Add(new OperatorSetIdProto("", OpsetVersion));
        foreach (var (key, value) in metadata) _proto.MetadataProps.Add(new StringStringEntryProto(key, value));
        Metadata = metadata;
        Nodes = nodes;
        Initializers = graph.Initializers.Count;
    }

    /// <summary>The version of this library, as recorded in <c>producer_version</c> and the metadata.</summary>
    public static string DlnetVersion { get; } =
        typeof(OnnxModel).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Key-value pairs written as the model's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Operator nodes in the graph, those in loop bodies counted once.</summary>
    public int Nodes { get; }

    /// <summary>Constant tensors in the graph (weights and small constants).</summary>
    public int Initializers { get; }

    public byte[] ToByteArray() => ProtoWriter.Encode(_proto);

    public void WriteTo(Stream stream) => stream.Write(ToByteArray());
}
