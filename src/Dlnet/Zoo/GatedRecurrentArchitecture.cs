using System.Numerics;
using Dlnet.Architectures;
using static Dlnet.Architectures.OptionChecks;
using Dlnet.Export.Onnx;
using Dlnet.Nn;
using Dlnet.Nn.Recurrent;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// What the gated recurrent baselines (<c>gru</c>, <c>lstm</c>) share: stacked cells of one width over the
/// window and a linear head, two layers of 128 by default, one scalar per step; costed per cell and exported to
/// ONNX as the operator of their name. A subclass names its network, its gates and the cost of one cell.
/// </summary>
/// <param name="name">The architecture's name, also the ONNX operator's stem.</param>
/// <param name="gates">Gate blocks stacked in the ONNX operator's weights (GRU 3, LSTM 4).</param>
internal abstract class GatedRecurrentArchitecture(string name, int gates) : IArchitecture, ICostedArchitecture, IOnnxArchitecture
{
    public string Name => name;

    /// <summary>The network of this architecture.</summary>
    protected abstract RecurrentNetwork<T> Build<T>(int inputLength, int horizon, int hidden, int layers) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary><paramref name="network"/> as this architecture's network, or a clear error (<see cref="OptionChecks.NetworkOf{TNetwork}"/>).</summary>
    protected abstract RecurrentNetwork<T> Of<T>(object network) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The integer cost per step of one cell reading <paramref name="inputs"/> values into <paramref name="hidden"/> units.</summary>
    protected abstract CellCost StepCost(long inputs, long hidden);

    public INetwork<T> Create<T>(NetworkOptions o, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Window(o, inputLength, horizon);
        Refuse(Name, o, rank: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
        return Build<T>(inputLength, horizon, Positive(o.Hidden ?? 128, "hidden"), Positive(o.Layers ?? 2, "layers"));
    }

    public NetworkOptions Describe(INetwork<float> network)
    {
        var recurrent = Of<float>(network);
        if (recurrent.Features != 1)
            throw new ArgumentException($"a {Name} network reading {recurrent.Features} features per step has no options form (the options build one)", nameof(network));
        return new NetworkOptions { Hidden = recurrent.Layers[0].StateSize, Layers = recurrent.Layers.Count };
    }

    public void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T> =>
        sheet.Recurrent(Of<T>(network), cell => StepCost(cell.InputSize, cell.StateSize));

    public string Emit(OnnxGraphBuilder g, INetwork<float> network, string input)
    {
        var recurrent = Of<float>(network);
        return RecurrentGraph.Head(g, recurrent, RecurrentGraph.Gated(g, recurrent, input, Name, gates));
    }
}
