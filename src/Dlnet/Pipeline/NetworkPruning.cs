using Dlnet.Architectures;
using Dlnet.Compression;
using Dlnet.Nn;

namespace Dlnet.Pipeline;

/// <summary>
/// Compression of a run's survivors: global structured pruning that really shrinks the matrices
/// (<see cref="StructuredPruner"/>), and the <see cref="NetworkOptions"/> that rebuild the smaller network,
/// so that a pruned model folder loads like any other. Architectures pruning does not know (the recurrent
/// students) are passed through whole: their "compression" is a copy, and stage 2 still distils them again.
/// </summary>
public static class NetworkPruning
{
    public static bool IsPrunable(INetwork<float> network) => Prunable(network) is not null;

    /// <summary>The pruned network and the options that build it; at ratio 0, or for an architecture pruning
    /// does not know, a copy with the same options.</summary>
    public static (INetwork<float> Network, NetworkOptions Options) Prune(INetwork<float> network, NetworkOptions options, double ratio, PruningConfig config)
    {
        if (ratio == 0 || Prunable(network) is not { } architecture) return (Copy(network, options), options);
        var pruning = new PruningOptions(ratio, config.MinimumPerLayer,
            config.Normalization == "none" ? ScoreNormalization.None : ScoreNormalization.LayerRms, config.Layers?.ToArray());
        var (pruned, _) = StructuredPruner.Prune(network, pruning);
        return (pruned, architecture.Resized(options, pruned));
    }

    private static IPrunableArchitecture? Prunable(INetwork<float> network) =>
        ArchitectureRegistry.Find<IPrunableArchitecture>(network.Architecture);

    private static INetwork<float> Copy(INetwork<float> network, NetworkOptions options)
    {
        var copy = ArchitectureRegistry.Named(network.Architecture).Create<float>(options, network.InputSize, network.OutputSize);
        network.Parameters.Values.CopyTo(copy.Parameters.Values);
        return copy;
    }
}
