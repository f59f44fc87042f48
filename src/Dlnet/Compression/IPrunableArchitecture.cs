using System.Numerics;
using Dlnet.Architectures;
using Dlnet.Nn;

namespace Dlnet.Compression;

/// <summary>An architecture whose networks <see cref="StructuredPruner"/> can shrink.</summary>
public interface IPrunableArchitecture
{
    /// <summary>The prunable layers of <paramref name="network"/> and how to build it at other widths.</summary>
    /// <exception cref="ArgumentException">Not a network of this architecture.</exception>
    PruningTopology<T> Topology<T>(INetwork<T> network) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// <paramref name="options"/>, the options the unpruned network was built from, with the widths of
    /// <paramref name="pruned"/>: they rebuild the pruned network, so that its model folder loads like any other.
    /// </summary>
    NetworkOptions Resized(NetworkOptions options, INetwork<float> pruned);
}
