using Dlnet.Architectures;
using Dlnet.Nn;

namespace Dlnet.Export.Onnx;

/// <summary>
/// Writes float networks as ONNX graphs (IR 8, opset 17) for inference: input <c>window</c> [N, W],
/// output <c>forecast</c> [N, H], float32 weights as initializers named like the parameters.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Name of the graph input.</summary>
    public const string InputName = "window";

    /// <summary>Name of the graph output.</summary>
    public const string OutputName = "forecast";

    /// <summary>Architectures <see cref="Network"/> can export: those with an ONNX form.</summary>
    public static IReadOnlyList<string> Architectures { get; } =
        [.. ArchitectureRegistry.All.Where(a => a is IOnnxArchitecture).Select(a => a.Name)];

    /// <summary>
    /// The network alone: <c>window</c> is the network's (encoded) input, <c>forecast</c> its output.
    /// </summary>
    /// <exception cref="OnnxExportException">The network, or one of its layers, has no ONNX form.</exception>
    public static OnnxModel Network(INetwork<float> network)
    {
        var g = new OnnxGraphBuilder(network.Architecture);
        string window = g.Input(InputName, network.InputSize, "network input, one window per row");
        string output = Emit(g, network, window);
        g.Output(output, OutputName, network.OutputSize, "network output, one horizon per row");
        var metadata = new Dictionary<string, string>
        {
            ["architecture"] = network.Architecture,
            ["dlnet_version"] = OnnxModel.DlnetVersion,
            ["input_length"] = network.InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["horizon"] = network.OutputSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["parameters"] = network.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new OnnxModel(g.Graph, g.NodeCount + g.BodyNodes, metadata, $"DLNet {network.Architecture} network");
    }

    /// <summary>
    /// The whole forecaster: <c>window</c> holds raw SOH histories [N, W], <c>forecast</c> the SOH
    /// forecasts [N, H]; the encoding (see <see cref="Forecasting.WindowEncoding"/>) is part of the graph.
    /// </summary>
    /// <exception cref="OnnxExportException">The network, or one of its layers, has no ONNX form.</exception>
    public static OnnxModel Forecaster(Forecasting.NetworkForecaster forecaster)
    {
        var network = forecaster.Network;
        var encoding = forecaster.Encoding;
        var g = new OnnxGraphBuilder(forecaster.Name);
        string window = g.Input(InputName, encoding.InputLength, "SOH history, oldest first, one window per row");
        string read = EncodingGraph.Filter(g, encoding, window);
        string encoded = EncodingGraph.Encode(g, encoding, read);
        string output = Emit(g, network, encoded);
        string forecast = EncodingGraph.Decode(g, encoding, read, output);
        g.Output(forecast, OutputName, encoding.Horizon, "SOH forecast, one horizon per row");
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>
        {
            ["name"] = forecaster.Name,
            ["architecture"] = network.Architecture,
            ["form"] = Forecasting.OutputForms.ToName(encoding.Form),
            ["dlnet_version"] = OnnxModel.DlnetVersion,
            ["input_length"] = encoding.InputLength.ToString(culture),
            ["horizon"] = encoding.Horizon.ToString(culture),
            ["parameters"] = network.Parameters.Count.ToString(culture),
            ["offset"] = encoding.Offset.ToString("R", culture),
            ["input_scale"] = encoding.InputScale.ToString("R", culture),
            ["output_scale"] = encoding.OutputScale.ToString("R", culture),
        };
        if (encoding.Form == Forecasting.OutputForm.Residual)
        {
            metadata["tail_length"] = encoding.TailLength.ToString(culture);
            metadata["base_degree"] = encoding.BaseDegree.ToString(culture);
        }
        if (encoding.MedianWidth > 0) metadata["median_width"] = encoding.MedianWidth.ToString(culture);
        return new OnnxModel(g.Graph, g.NodeCount + g.BodyNodes, metadata, $"DLNet {network.Architecture} forecaster '{forecaster.Name}'");
    }

    /// <summary>Appends the nodes of <paramref name="network"/> applied to <paramref name="input"/>; returns the output value.</summary>
    internal static string Emit(OnnxGraphBuilder g, INetwork<float> network, string input) =>
        (ArchitectureRegistry.Find<IOnnxArchitecture>(network.Architecture)
            ?? throw new OnnxExportException($"architecture '{network.Architecture}' ({network.GetType().Name}) cannot be exported to ONNX"))
        .Emit(g, network, input);
}
