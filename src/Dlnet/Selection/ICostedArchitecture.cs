using System.Numerics;
using Dlnet.Nn;

namespace Dlnet.Selection;

/// <summary>An architecture whose networks <see cref="CostModel"/> can cost on the microcontroller.</summary>
internal interface ICostedArchitecture
{
    /// <summary>Adds the blocks of one inference of <paramref name="network"/> to <paramref name="sheet"/>, in the order the engine runs them.</summary>
    /// <exception cref="ArgumentException">Not a network of this architecture.</exception>
    void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T>;
}
