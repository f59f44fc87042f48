using Dlnet.Architectures;
using Dlnet.Nn.Recurrent;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>gru</c>: stacked GRU layers over the window and a linear head (<see cref="GruNetwork{T}"/>), two
/// layers of 128 by default; a recurrent baseline. Costed and exported to ONNX (its own operator).
/// </summary>
internal sealed class GruArchitecture() : GatedRecurrentArchitecture("gru", gates: 3)
{
    protected override RecurrentNetwork<T> Build<T>(int inputLength, int horizon, int hidden, int layers) =>
        new GruNetwork<T>(inputLength, horizon, hidden, layers);

    protected override RecurrentNetwork<T> Of<T>(object network) => this.NetworkOf<GruNetwork<T>>(network);

    /// <summary>
    /// Per step and cell of h units: 3h(in+h) MACs, 3h lookups, 6h requantisations and 3h updates; two
    /// sigmoid/tanh tables; live: its int8 output and 12h bytes of gate buffers.
    /// </summary>
    protected override CellCost StepCost(long x, long h) =>
        new(Macs: 3 * h * (x + h), Lookups: 3 * h, Other: 9 * h, Calls: 3, Tables: 2, Live: h + 12 * h);
}
