using System.Numerics;
using Dlnet.Architectures;
using static Dlnet.Architectures.OptionChecks;
using Dlnet.Export.Onnx;
using Dlnet.Nn;
using Dlnet.Nn.Recurrent;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>gru</c>: stacked GRU layers over the window and a linear head (<see cref="GruNetwork{T}"/>), two
/// layers of 128 by default; a recurrent baseline. Costed and exported to ONNX (its own operator).
/// </summary>
internal sealed class GruArchitecture : IArchitecture, ICostedArchitecture, IOnnxArchitecture
{
    public string Name => "gru";

    public INetwork<T> Create<T>(NetworkOptions o, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Window(o, inputLength, horizon);
        Refuse(Name, o, rank: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
        return new GruNetwork<T>(inputLength, horizon, Positive(o.Hidden ?? 128, "hidden"), Positive(o.Layers ?? 2, "layers"));
    }

    public NetworkOptions Describe(INetwork<float> network)
    {
        var gru = this.NetworkOf<GruNetwork<float>>(network);
        if (gru.Features != 1)
            throw new ArgumentException($"a gru reading {gru.Features} features per step has no options form (the options build one)", nameof(network));
        return new NetworkOptions { Hidden = gru.HiddenSize, Layers = gru.Layers.Count };
    }

    /// <summary>
    /// Per step and cell of h units: 3h(in+h) MACs, 3h lookups, 6h requantisations and 3h updates; two
    /// sigmoid/tanh tables; live: its int8 output and 12h bytes of gate buffers.
    /// </summary>
    public void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T> =>
        sheet.Recurrent(this.NetworkOf<GruNetwork<T>>(network), cell =>
        {
            long h = cell.StateSize, x = cell.InputSize;
            return new CellCost(Macs: 3 * h * (x + h), Lookups: 3 * h, Other: 9 * h, Calls: 3, Tables: 2, Live: h + 12 * h);
        });

    public string Emit(OnnxGraphBuilder g, INetwork<float> network, string input)
    {
        var gru = this.NetworkOf<GruNetwork<float>>(network);
        return RecurrentGraph.Head(g, gru, RecurrentGraph.Gated(g, gru, input, "gru", gates: 3));
    }
}
