using System.Numerics;
using Dlnet.Architectures;
using static Dlnet.Architectures.OptionChecks;
using Dlnet.Export.Onnx;
using Dlnet.Nn;
using Dlnet.Nn.Recurrent;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>lstm</c>: stacked LSTM layers over the window and a linear head (<see cref="LstmNetwork{T}"/>), two
/// layers of 128 by default; a recurrent baseline. Costed and exported to ONNX (its own operator).
/// </summary>
internal sealed class LstmArchitecture : IArchitecture, ICostedArchitecture, IOnnxArchitecture
{
    public string Name => "lstm";

    public INetwork<T> Create<T>(NetworkOptions o, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Window(o, inputLength, horizon);
        Refuse(Name, o, rank: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
        return new LstmNetwork<T>(inputLength, horizon, Positive(o.Hidden ?? 128, "hidden"), Positive(o.Layers ?? 2, "layers"));
    }

    public NetworkOptions Describe(INetwork<float> network)
    {
        var lstm = this.NetworkOf<LstmNetwork<float>>(network);
        if (lstm.Features != 1)
            throw new ArgumentException($"an lstm reading {lstm.Features} features per step has no options form (the options build one)", nameof(network));
        return new NetworkOptions { Hidden = lstm.HiddenSize, Layers = lstm.Layers.Count };
    }

    /// <summary>
    /// Per step and cell of h units: 4h(in+h) MACs, 5h lookups (three gates, g, tanh c), 4h requantisations
    /// and 3h for the cell and output updates; three sigmoid/tanh tables; live: its int8 output, int16 memory
    /// and int16 gates.
    /// </summary>
    public void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T> =>
        sheet.Recurrent(this.NetworkOf<LstmNetwork<T>>(network), cell =>
        {
            long h = cell.StateSize, x = cell.InputSize;
            return new CellCost(Macs: 4 * h * (x + h), Lookups: 5 * h, Other: 7 * h, Calls: 3, Tables: 3, Live: h + 2 * h + 8 * h);
        });

    public string Emit(OnnxGraphBuilder g, INetwork<float> network, string input)
    {
        var lstm = this.NetworkOf<LstmNetwork<float>>(network);
        return RecurrentGraph.Head(g, lstm, RecurrentGraph.Gated(g, lstm, input, "lstm", gates: 4));
    }
}
