using System.Numerics;
using Dlnet.Nn;

namespace Dlnet.Architectures;

/// <summary>
/// A network architecture as the toolkit knows it by name: how to build its network from
/// <see cref="NetworkOptions"/> and how to describe a network of it by the options of its actual sizes.
/// What else an architecture can do (be costed, pruned, trained with fake quantisation, exported to ONNX,
/// lowered to the integer graph) it says by implementing the small interface each of those steps defines
/// in its own folder; <see cref="ArchitectureRegistry"/> finds every architecture, so adding one is one file.
/// </summary>
public interface IArchitecture
{
    /// <summary>Name on the command line, in <c>model.json</c> and in <see cref="INetwork{T}.Architecture"/>: lower-case letters and digits.</summary>
    string Name { get; }

    /// <summary>A new, uninitialised network mapping <paramref name="inputLength"/> values to <paramref name="horizon"/>.</summary>
    /// <exception cref="ArgumentException">Options the architecture has no use for, or out of range.</exception>
    INetwork<T> Create<T>(NetworkOptions options, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The options of <paramref name="network"/>'s actual sizes (pruning changes them), from which
    /// <see cref="Create{T}"/> builds a network of the same parameters.
    /// </summary>
    /// <exception cref="ArgumentException">Not a network of this architecture, or one built with settings the options do not hold.</exception>
    NetworkOptions Describe(INetwork<float> network);
}
