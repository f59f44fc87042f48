using Dlnet.Architectures;
using Dlnet.Compression;
using Dlnet.Nn;
using Dlnet.Nn.Networks;

namespace Dlnet.Pipeline;

/// <summary>
/// Compression of a run's survivors: global structured pruning that really shrinks the matrices
/// (<see cref="StructuredPruner"/>), and the <see cref="NetworkOptions"/> that rebuild the smaller network,
/// so that a pruned model folder loads like any other. Architectures pruning does not know (the recurrent
/// students) are passed through whole: their "compression" is a copy, and stage 2 still distils them again.
/// </summary>
public static class NetworkPruning
{
    public static bool IsPrunable(INetwork<float> network) =>
        network is LiquidEncoderDecoder<float> or MlpNetwork<float>;

    /// <summary>The pruned network and the options that build it; at ratio 0, or for an architecture pruning
    /// does not know, a copy with the same options.</summary>
    public static (INetwork<float> Network, NetworkOptions Options) Prune(INetwork<float> network, NetworkOptions options, double ratio, PruningConfig config)
    {
        if (ratio == 0 || !IsPrunable(network)) return (Copy(network, options), options);
        var pruning = new PruningOptions(ratio, config.MinimumPerLayer,
            config.Normalization == "none" ? ScoreNormalization.None : ScoreNormalization.LayerRms, config.Layers?.ToArray());
        var (pruned, plan) = StructuredPruner.Prune(network, pruning);
        return (pruned, OptionsAfter(options, plan, pruned));
    }

    /// <summary>The options of <paramref name="options"/> with each pruned layer at its kept width.</summary>
    public static NetworkOptions OptionsAfter(NetworkOptions options, PruningPlan plan, INetwork<float> pruned)
    {
        int Width(string layer) => plan[layer].KeptWidth;
        return pruned switch
        {
            LiquidEncoderDecoder<float> liquid => options with
            {
                EncoderWidth = Width("encoder.0"),
                Hidden = Width("ode"),
                DecoderWidths = [.. plan.Layers.Where(l => l.Layer.Name.StartsWith("decoder.", StringComparison.Ordinal)).Select(l => l.KeptWidth)],
                // The student keeps its rank; the pruner never takes the state below it.
                Rank = options.Rank is int r ? Math.Min(r, liquid.Hidden) : null,
            },
            MlpNetwork<float> mlp => options with { HiddenWidths = [.. mlp.Options.HiddenWidths], Hidden = null, Layers = null },
            _ => throw new NotSupportedException($"no pruned options for the '{pruned.Architecture}' architecture"),
        };
    }

    private static INetwork<float> Copy(INetwork<float> network, NetworkOptions options)
    {
        var copy = NetworkFactory.Create<float>(network.Architecture, options, network.InputSize, network.OutputSize);
        network.Parameters.Values.CopyTo(copy.Parameters.Values);
        return copy;
    }
}
