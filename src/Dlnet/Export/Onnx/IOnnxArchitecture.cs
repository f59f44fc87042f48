using Dlnet.Nn;

namespace Dlnet.Export.Onnx;

/// <summary>An architecture whose networks <see cref="OnnxExporter"/> can write as ONNX graphs.</summary>
internal interface IOnnxArchitecture
{
    /// <summary>Appends the nodes of <paramref name="network"/> applied to the value <paramref name="input"/> [N, W]; returns its output value [N, H].</summary>
    /// <exception cref="OnnxExportException">A layer or setting without an ONNX form.</exception>
    /// <exception cref="ArgumentException">Not a network of this architecture.</exception>
    string Emit(OnnxGraphBuilder g, INetwork<float> network, string input);
}
