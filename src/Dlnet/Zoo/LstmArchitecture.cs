using Dlnet.Architectures;
using Dlnet.Nn.Recurrent;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>lstm</c>: stacked LSTM layers over the window and a linear head (<see cref="LstmNetwork{T}"/>), two
/// layers of 128 by default; a recurrent baseline. Costed and exported to ONNX (its own operator).
/// </summary>
internal sealed class LstmArchitecture() : GatedRecurrentArchitecture("lstm", gates: 4)
{
    protected override RecurrentNetwork<T> Build<T>(int inputLength, int horizon, int hidden, int layers) =>
        new LstmNetwork<T>(inputLength, horizon, hidden, layers);

    protected override RecurrentNetwork<T> Of<T>(object network) => this.NetworkOf<LstmNetwork<T>>(network);

    /// <summary>
    /// Per step and cell of h units: 4h(in+h) MACs, 5h lookups (three gates, g, tanh c), 4h requantisations
    /// and 3h for the cell and output updates; three sigmoid/tanh tables; live: its int8 output, int16 memory
    /// and int16 gates.
    /// </summary>
    protected override CellCost StepCost(long x, long h) =>
        new(Macs: 4 * h * (x + h), Lookups: 5 * h, Other: 7 * h, Calls: 3, Tables: 3, Live: h + 2 * h + 8 * h);
}
