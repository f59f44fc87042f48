using System.Numerics;
using Dlnet.Architectures;
using static Dlnet.Architectures.OptionChecks;
using Dlnet.Export.Onnx;
using Dlnet.Nn;
using Dlnet.Nn.Recurrent;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>ltc</c>: a fully connected liquid time-constant cell over the window and a linear head
/// (<see cref="LtcNetwork{T}"/>), 32 neurons, all of them motor, by default. Costed and exported to ONNX
/// (one step as the body of a Scan).
/// </summary>
internal sealed class LtcArchitecture : IArchitecture, ICostedArchitecture, IOnnxArchitecture
{
    /// <summary>The synapse polarities only seed E at initialisation, but fixing their seed keeps a model rebuildable from its options alone.</summary>
    private const int WiringSeed = 0;

    public string Name => "ltc";

    public INetwork<T> Create<T>(NetworkOptions o, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Window(o, inputLength, horizon);
        Refuse(Name, o, rank: true, layers: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
        int neurons = Positive(o.Hidden ?? 32, "hidden");
        return new LtcNetwork<T>(inputLength, horizon, LtcWiring.FullyConnected(neurons, neurons, 1, WiringSeed));
    }

    public NetworkOptions Describe(INetwork<float> network)
    {
        var ltc = this.NetworkOf<LtcNetwork<float>>(network);
        var cell = ltc.Cell;
        var w = cell.Wiring;
        int n = w.Neurons;
        var built = new LtcNetwork<float>(ltc.InputSize, ltc.OutputSize, LtcWiring.FullyConnected(n, n, 1, WiringSeed)).Cell;
        bool fullyConnected = w.Motor == n && w.Sensory == 1 && w.RecurrentSynapses == n * n && w.SensorySynapses == n;
        if (!fullyConnected || cell.Solver != built.Solver || cell.Unfolds != built.Unfolds || cell.TimeStep != built.TimeStep)
            throw new ArgumentException("an ltc other than fully connected, all neurons motor, with the default solver and steps has no options form", nameof(network));
        return new NetworkOptions { Hidden = n };
    }

    /// <summary>
    /// Per step: three MACs and one sigmoid per sensory synapse, then per unfold three MACs and one sigmoid
    /// per recurrent synapse and one update per neuron; one sigmoid table; live: two int16 and four int32
    /// vectors of n.
    /// </summary>
    public void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T> =>
        sheet.Recurrent(this.NetworkOf<LtcNetwork<T>>(network), layer =>
        {
            var ltc = (LtcCell<T>)layer;
            long n = ltc.Wiring.Neurons, unfolds = ltc.Unfolds, x = ltc.InputSize;
            long recurrent = ltc.Wiring.RecurrentSynapses, sensory = ltc.Wiring.SensorySynapses;
            return new CellCost(
                Macs: 3 * sensory + unfolds * 3 * recurrent,
                Lookups: sensory + unfolds * recurrent,
                Other: x + unfolds * n + ltc.Wiring.Motor,
                Calls: 2 * unfolds + 2, Tables: 1,
                Live: 2 * 2 * n + 2 * 4 * n + 2 * 4 * n);
        });

    public string Emit(OnnxGraphBuilder g, INetwork<float> network, string input)
    {
        var ltc = this.NetworkOf<LtcNetwork<float>>(network);
        return RecurrentGraph.Head(g, ltc,
            LtcGraph.Readout(g, ltc.Parameters, ltc.Cell, RecurrentGraph.Sequence(g, ltc, input), g.Zeros(input, ltc.Cell.StateSize)));
    }
}
