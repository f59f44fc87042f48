using Dlnet.Export.Onnx.Proto;
using Dlnet.Nn;
using Dlnet.Nn.Layers;

namespace Dlnet.Export.Onnx;

/// <summary>ONNX forms of the feed-forward layers, for inference (dropout is the identity there).</summary>
internal static class LayerGraph
{
    /// <summary>Every layer of <paramref name="stack"/> applied to <paramref name="x"/> [N, stack.InputSize].</summary>
    public static string Stack(OnnxGraphBuilder g, ParameterStore<float> store, LayerStack<float> stack, string x)
    {
        foreach (var layer in stack.Layers) x = Layer(g, store, layer, x);
        return x;
    }

    public static string Layer(OnnxGraphBuilder g, ParameterStore<float> store, ILayer<float> layer, string x) => layer switch
    {
        Dense<float> dense => g.Gemm(x, g.Parameter(store, dense.Weight), dense.Bias is null ? null : g.Parameter(store, dense.Bias)),
        LayerNorm<float> norm => g.Op("LayerNormalization", [x, g.Parameter(store, norm.Gain), g.Parameter(store, norm.Bias)],
            AttributeProto.Of("axis", -1L), AttributeProto.Of("epsilon", (float)norm.Epsilon)),
        Activation<float> activation => Activation(g, activation.Kind, x),
        Dropout<float> => x,
        _ => throw new OnnxExportException($"layer {layer.GetType().Name} has no ONNX form"),
    };

    public static string Activation(OnnxGraphBuilder g, ActivationKind kind, string x) => kind switch
    {
        ActivationKind.ReLU => g.Op("Relu", [x]),
        ActivationKind.Tanh => g.Tanh(x),
        ActivationKind.Sigmoid => g.Sigmoid(x),
        // 1.7159 tanh(0.666 x), constants rounded to float as the layer rounds them.
        ActivationKind.LeCunTanh => g.Mul(g.Tanh(g.Mul(x, g.Scalar(0.666f))), g.Scalar(1.7159f)),
        _ => throw new OnnxExportException($"activation {kind} has no ONNX form"),
    };
}
