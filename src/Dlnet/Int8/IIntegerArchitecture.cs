using Dlnet.Nn;

namespace Dlnet.Int8;

/// <summary>An architecture the integer engine runs: its trained networks lower to the <see cref="StudentGraph"/> the int8 kernels execute.</summary>
internal interface IIntegerArchitecture
{
    /// <exception cref="NotSupportedException">A network of this architecture outside the shape the engine knows.</exception>
    /// <exception cref="ArgumentException">Not a network of this architecture.</exception>
    StudentGraph Lower(INetwork<float> network);
}
