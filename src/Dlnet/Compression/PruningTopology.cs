using System.Numerics;
using Dlnet.Architectures;
using Dlnet.Nn;
using Dlnet.Nn.Liquid;
using Dlnet.Nn.Networks;

namespace Dlnet.Compression;

/// <summary>
/// The prunable layers of a network and how to build the same architecture at other widths, as its
/// architecture gives them (<see cref="IPrunableArchitecture"/>). The window inputs and the horizon outputs
/// are never units of a prunable layer.
/// </summary>
public sealed class PruningTopology<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Func<IReadOnlyDictionary<string, int>, INetwork<T>> _build;

    /// <param name="layers">Prunable layers in network order.</param>
    /// <param name="build">A new network of the same architecture with a width for every layer named (the others keep theirs).</param>
    public PruningTopology(IReadOnlyList<PrunableLayer> layers, Func<IReadOnlyDictionary<string, int>, INetwork<T>> build)
    {
        Layers = layers;
        _build = build;
    }

    /// <summary>Prunable layers in network order.</summary>
    public IReadOnlyList<PrunableLayer> Layers { get; }

    /// <summary>A new, uninitialised network of the same architecture with the given width per layer name
    /// (layers not named keep their width).</summary>
    public INetwork<T> Build(IReadOnlyDictionary<string, int> widths) => _build(widths);

    /// <summary>The topology of <paramref name="network"/>; throws for architectures pruning does not know.</summary>
    public static PruningTopology<T> Of(INetwork<T> network) =>
        ArchitectureRegistry.Find<IPrunableArchitecture>(network.Architecture)?.Topology(network)
        ?? throw new NotSupportedException(
            $"structured pruning knows {ArchitectureRegistry.Listed<IPrunableArchitecture>()}, not '{network.Architecture}'");

    /// <summary>
    /// The liquid encoder-decoder of the teacher and the students: the first encoder layer, the liquid state
    /// and every hidden decoder layer; <paramref name="build"/> makes the network at new widths.
    /// </summary>
    public static PruningTopology<T> OfLiquid(LiquidEncoderDecoder<T> network, Func<LiquidWidths, INetwork<T>> build) =>
        Liquid(network, widths => build(new LiquidWidths(widths["encoder.0"], widths["ode"], DecoderWidths(widths))));

    private static PruningTopology<T> Liquid(LiquidEncoderDecoder<T> network, Func<IReadOnlyDictionary<string, int>, INetwork<T>> build)
    {
        var store = network.Parameters;
        var layers = new List<PrunableLayer> { DenseLayer("encoder.0", store.Find("encoder.0.weight").Shape[0], "encoder.1") };

        var ode = network.Ode;
        var liquid = new List<UnitSlice>
        {
            new("encoder.1.weight", 0, UnitSliceRole.Producing),
            new("encoder.1.bias", 0, UnitSliceRole.Producing),
            new(ode.Alpha.Name, 0, UnitSliceRole.Producing),
            new(ode.Beta.Name, 0, UnitSliceRole.Producing),
        };
        if (ode.W is not null)
        {
            liquid.Add(new(ode.W.Name, 0, UnitSliceRole.Producing));
            liquid.Add(new(ode.W.Name, 1, UnitSliceRole.Consuming));
        }
        else
        {
            liquid.Add(new(ode.WDiag!.Name, 0, UnitSliceRole.Producing));
            liquid.Add(new(ode.U!.Name, 0, UnitSliceRole.Producing));
            liquid.Add(new(ode.VT!.Name, 1, UnitSliceRole.Consuming));
        }
        liquid.Add(new("encoder.1.norm.gain", 0, UnitSliceRole.Normalising));
        liquid.Add(new("encoder.1.norm.bias", 0, UnitSliceRole.Normalising));
        liquid.Add(new("decoder.0.weight", 1, UnitSliceRole.Consuming));
        // The rank r stays fixed: U V^T / r keeps its scale only if the state never drops below r units.
        int rank = ode.Options.Coupling == LiquidCoupling.DiagonalPlusLowRank ? ode.Options.Rank : 1;
        layers.Add(new PrunableLayer("ode", network.Hidden, liquid, rank));

        for (int i = 0; store.Tensors.Any(t => t.Name == $"decoder.{i + 1}.weight"); i++)
            layers.Add(DenseLayer($"decoder.{i}", store.Find($"decoder.{i}.weight").Shape[0], $"decoder.{i + 1}"));

        var current = layers.ToDictionary(l => l.Name, l => l.Width);
        return new PruningTopology<T>(layers, widths =>
        {
            var all = new Dictionary<string, int>(current);
            foreach (var (name, width) in widths)
            {
                if (!all.ContainsKey(name)) throw new ArgumentException($"no prunable layer named '{name}'", nameof(widths));
                all[name] = width;
            }
            return build(all);
        });
    }

    /// <summary>Hidden neurons of a dense layer followed by LayerNorm, read by the dense layer <paramref name="consumer"/>.</summary>
    private static PrunableLayer DenseLayer(string name, int width, string consumer) => new(name, width,
    [
        new($"{name}.weight", 0, UnitSliceRole.Producing),
        new($"{name}.bias", 0, UnitSliceRole.Producing),
        new($"{name}.norm.gain", 0, UnitSliceRole.Normalising),
        new($"{name}.norm.bias", 0, UnitSliceRole.Normalising),
        new($"{consumer}.weight", 1, UnitSliceRole.Consuming),
    ]);

    private static int[] DecoderWidths(IReadOnlyDictionary<string, int> widths) =>
        [.. widths.Where(w => w.Key.StartsWith("decoder.", StringComparison.Ordinal))
            .OrderBy(w => int.Parse(w.Key["decoder.".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(w => w.Value)];
}
