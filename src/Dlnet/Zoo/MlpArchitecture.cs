using System.Numerics;
using Dlnet.Architectures;
using static Dlnet.Architectures.OptionChecks;
using Dlnet.Compression;
using Dlnet.Export.Onnx;
using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Networks;
using Dlnet.Selection;

namespace Dlnet.Zoo;

/// <summary>
/// <c>mlp</c>: a plain multilayer perceptron (<see cref="MlpNetwork{T}"/>), the baseline that shows what the
/// liquid block adds; two hidden layers of 128 by default. Costed, pruned (every hidden layer) and exported
/// to ONNX.
/// </summary>
internal sealed class MlpArchitecture : IArchitecture, ICostedArchitecture, IPrunableArchitecture, IOnnxArchitecture
{
    public string Name => "mlp";

    public INetwork<T> Create<T>(NetworkOptions o, int inputLength, int horizon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Window(o, inputLength, horizon);
        Refuse(Name, o, rank: true, stepSize: true, steps: true, encoder: true);
        if (o.HiddenWidths is not null && (o.Hidden is not null || o.Layers is not null))
            throw new ArgumentException("mlp: give either hidden widths or hidden and layers, not both");
        int[] widths = Widths(o.HiddenWidths, "hidden widths")
            ?? Enumerable.Repeat(Positive(o.Hidden ?? 128, "hidden"), NonNegative(o.Layers ?? 2, "layers")).ToArray();
        return new MlpNetwork<T>(new MlpOptions(inputLength, horizon, widths, Dropout: Probability(o.Dropout ?? 0)));
    }

    public NetworkOptions Describe(INetwork<float> network)
    {
        var m = this.NetworkOf<MlpNetwork<float>>(network).Options;
        if (m.Activation != ActivationKind.ReLU)
            throw new ArgumentException($"an mlp with {m.Activation} activations has no options form (the options build ReLU networks)", nameof(network));
        return new NetworkOptions { HiddenWidths = m.HiddenWidths, Dropout = m.Dropout };
    }

    public void Cost<T>(INetwork<T> network, CostSheet sheet) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mlp = this.NetworkOf<MlpNetwork<T>>(network);
        int width = mlp.InputSize;
        foreach (int hidden in mlp.Options.HiddenWidths)
        {
            sheet.Dense(width, hidden);
            sheet.Activation(mlp.Options.Activation, hidden);
            width = hidden;
        }
        sheet.Dense(width, mlp.OutputSize);
    }

    /// <summary>Every hidden layer <c>layer.i</c>: its rows and biases, and the columns of the layer after it.</summary>
    public PruningTopology<T> Topology<T>(INetwork<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mlp = this.NetworkOf<MlpNetwork<T>>(network);
        var hidden = mlp.Options.HiddenWidths;
        var layers = new List<PrunableLayer>();
        for (int i = 0; i < hidden.Length; i++)
        {
            layers.Add(new PrunableLayer($"layer.{i}", hidden[i],
            [
                new($"layer.{i}.weight", 0, UnitSliceRole.Producing),
                new($"layer.{i}.bias", 0, UnitSliceRole.Producing),
                new($"layer.{i + 1}.weight", 1, UnitSliceRole.Consuming),
            ]));
        }
        return new PruningTopology<T>(layers, widths =>
        {
            foreach (var name in widths.Keys.Where(n => layers.All(l => l.Name != n)))
                throw new ArgumentException($"no prunable layer named '{name}'", nameof(widths));
            return new MlpNetwork<T>(mlp.Options with
            {
                HiddenWidths = [.. Enumerable.Range(0, hidden.Length).Select(i => widths.GetValueOrDefault($"layer.{i}", hidden[i]))],
            });
        });
    }

    public NetworkOptions Resized(NetworkOptions options, INetwork<float> pruned) =>
        options with { HiddenWidths = [.. this.NetworkOf<MlpNetwork<float>>(pruned).Options.HiddenWidths], Hidden = null, Layers = null };

    public string Emit(OnnxGraphBuilder g, INetwork<float> network, string input)
    {
        // The MLP keeps its layer stack private; its layers are rebuilt from the options and the
        // parameter names it registers (layer.i.weight/bias).
        var mlp = this.NetworkOf<MlpNetwork<float>>(network);
        var options = mlp.Options;
        var store = mlp.Parameters;
        string x = input;
        for (int i = 0; i <= options.HiddenWidths.Length; i++)
        {
            x = g.Gemm(x, g.Parameter(store, store.Find($"layer.{i}.weight")), g.Parameter(store, store.Find($"layer.{i}.bias")));
            if (i < options.HiddenWidths.Length) x = LayerGraph.Activation(g, options.Activation, x);
        }
        return x;
    }
}
