using Dlnet.Architectures;
using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Liquid;
using Dlnet.Nn.Networks;

namespace Dlnet.Int8;

/// <summary>A dense layer with the layer norm and activation after it, and their positions in the layer stack.</summary>
/// <param name="Dense">The dense layer.</param>
/// <param name="Norm">Its layer norm.</param>
/// <param name="Activation">ReLU (hidden layers) or tanh (the encoder's last, giving x0).</param>
/// <param name="DenseIndex">Position of the dense layer in its stack.</param>
/// <param name="ActivationIndex">Position of the activation in its stack.</param>
internal sealed record NormDenseBlock(Dense<float> Dense, LayerNorm<float> Norm, ActivationKind Activation, int DenseIndex, int ActivationIndex)
{
    public int Inputs => Dense.InputSize;

    public int Outputs => Dense.OutputSize;
}

/// <summary>
/// The layers of a trained liquid encoder-decoder in the order integer inference runs them, checked against
/// the one shape the deployment knows: encoder Dense-LN-ReLU(-Dropout)-Dense-LN-Tanh, an explicit Euler liquid
/// block with diagonal plus low-rank coupling, the residual x_T + r x0, decoder [Dense-LN-ReLU(-Dropout)]...
/// Dense. Any width goes (pruned models included); dropout is the identity at inference.
/// </summary>
internal sealed class StudentGraph
{
    StudentGraph(LiquidEncoderDecoder<float> network, IReadOnlyList<NormDenseBlock> encoder, IReadOnlyList<NormDenseBlock> decoder, Dense<float> head, int headIndex)
    {
        Network = network;
        Encoder = encoder;
        Decoder = decoder;
        Head = head;
        HeadIndex = headIndex;
    }

    public LiquidEncoderDecoder<float> Network { get; }

    /// <summary>Two blocks: ReLU, then tanh.</summary>
    public IReadOnlyList<NormDenseBlock> Encoder { get; }

    /// <summary>Hidden decoder blocks, all ReLU.</summary>
    public IReadOnlyList<NormDenseBlock> Decoder { get; }

    /// <summary>The last decoder layer: the network's output.</summary>
    public Dense<float> Head { get; }

    public int HeadIndex { get; }

    public LiquidOdeBlock<float> Ode => Network.Ode;

    public ParameterStore<float> Store => Network.Parameters;

    /// <summary>The graph of <paramref name="network"/>, as its architecture lowers it (<see cref="IIntegerArchitecture"/>).</summary>
    /// <exception cref="NotSupportedException">An architecture without an integer form, or another solver or coupling.</exception>
    public static StudentGraph Read(INetwork<float> network) =>
        (ArchitectureRegistry.Find<IIntegerArchitecture>(network.Architecture)
            ?? throw new NotSupportedException($"integer deployment knows {ArchitectureRegistry.Listed<IIntegerArchitecture>()}, not '{network.Architecture}'"))
        .Lower(network);

    /// <summary>The graph of a liquid encoder-decoder, checked against the shape the engine runs.</summary>
    /// <exception cref="NotSupportedException">Another solver, coupling or layer order.</exception>
    public static StudentGraph OfLiquid(LiquidEncoderDecoder<float> liquid)
    {
        var ode = liquid.Ode.Options;
        if (ode.Solver != OdeSolver.Euler || ode.Coupling != LiquidCoupling.DiagonalPlusLowRank)
            throw new NotSupportedException($"integer deployment needs explicit Euler steps with diagonal plus low-rank coupling; '{liquid.Architecture}' uses {ode.Solver} with {ode.Coupling} coupling");
        var encoder = Blocks(liquid.Encoder, "encoder", out int next);
        if (encoder.Count != 2 || next != liquid.Encoder.Layers.Count || encoder[0].Activation != ActivationKind.ReLU || encoder[1].Activation != ActivationKind.Tanh)
            throw new NotSupportedException("the encoder must be Dense-LayerNorm-ReLU then Dense-LayerNorm-Tanh");
        var decoder = Blocks(liquid.Decoder, "decoder", out next);
        if (decoder.Any(b => b.Activation != ActivationKind.ReLU) || next != liquid.Decoder.Layers.Count - 1 || liquid.Decoder.Layers[next] is not Dense<float> head)
            throw new NotSupportedException("the decoder must be [Dense-LayerNorm-ReLU]... then a Dense output layer");
        return new StudentGraph(liquid, encoder, decoder, head, next);
    }

    /// <summary>Dense-LayerNorm-activation groups from the start of a stack (dropout skipped); <paramref name="next"/> is the first layer not taken.</summary>
    static List<NormDenseBlock> Blocks(LayerStack<float> stack, string name, out int next)
    {
        var layers = stack.Layers;
        var blocks = new List<NormDenseBlock>();
        int i = 0;
        while (i + 2 < layers.Count && layers[i] is Dense<float> dense && layers[i + 1] is LayerNorm<float> norm && layers[i + 2] is Activation<float> activation)
        {
            if (activation.Kind is not (ActivationKind.ReLU or ActivationKind.Tanh))
                throw new NotSupportedException($"{name}: activation {activation.Kind} has no integer form here");
            if (dense.Bias is null) throw new NotSupportedException($"{name}: dense layers without bias are not expected");
            blocks.Add(new NormDenseBlock(dense, norm, activation.Kind, i, i + 2));
            i += 3;
            while (i < layers.Count && layers[i] is Dropout<float>) i++;
        }
        next = i;
        return blocks;
    }
}
