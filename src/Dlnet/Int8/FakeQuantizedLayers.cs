using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Networks;

namespace Dlnet.Int8;

/// <summary>A weight matrix rounded to int8 per output channel, with its [outputs, inputs] shape.</summary>
public sealed record QuantizedWeight(ParameterTensor Tensor, int Outputs, int Inputs);

/// <summary>An activation tensor of a layer stack (a layer's input, or the stack's output as <c>Layers.Count</c>).</summary>
public sealed record StackBoundary(LayerStack<float> Stack, int Boundary);

/// <summary>
/// What quantisation-aware training rounds in a network: the weight matrices the engine holds in int8,
/// and the layer stacks whose activations it holds in int8 (see <see cref="ActivationQuantizer{T}"/>).
/// </summary>
/// <param name="Weights">Matrices quantised per output channel.</param>
/// <param name="Activations">Stacks given an activation quantiser each.</param>
/// <param name="Wide">Tensors of those stacks that the engine holds at 16 bits: training leaves them in float.</param>
public sealed record FakeQuantizedLayers(IReadOnlyList<QuantizedWeight> Weights, IReadOnlyList<LayerStack<float>> Activations,
    IReadOnlyList<StackBoundary>? Wide = null)
{
    /// <summary>
    /// The liquid encoder-decoder of the teacher and the students: every dense layer of the encoder and the
    /// decoder and the liquid block's coupling matrices (W, or U and V^T); the activations of both stacks.
    /// </summary>
    public static FakeQuantizedLayers OfLiquid(LiquidEncoderDecoder<float> network)
    {
        var weights = network.Encoder.Layers.Concat(network.Decoder.Layers).OfType<Dense<float>>()
            .Select(dense => new QuantizedWeight(dense.Weight, dense.OutputSize, dense.InputSize)).ToList();
        foreach (var tensor in new[] { network.Ode.W, network.Ode.U, network.Ode.VT })
            if (tensor is not null) weights.Add(new QuantizedWeight(tensor, tensor.Shape[0], tensor.Shape[1]));
        return new FakeQuantizedLayers(weights, [network.Encoder, network.Decoder]);
    }

    /// <summary>
    /// The Euler student as <see cref="QuantizedStudent"/> runs it: as <see cref="OfLiquid"/>, but the encoder reads the
    /// int16 SOH window and its tanh runs from a Q3.12 input to a Q0.15 table, so those tensors are not rounded to int8;
    /// the ReLU outputs and the latent the decoder reads are.
    /// </summary>
    public static FakeQuantizedLayers OfEulerStudent(LiquidEncoderDecoder<float> network)
    {
        var encoder = network.Encoder;
        var wide = new List<StackBoundary> { new(encoder, 0) };
        if (encoder.Layers[^1] is Activation<float> { Kind: ActivationKind.Tanh })
            wide.AddRange([new(encoder, encoder.Layers.Count - 1), new(encoder, encoder.Layers.Count)]);
        return OfLiquid(network) with { Wide = wide };
    }
}
