using System.Numerics;
using Dlnet.Nn;

namespace Dlnet.Compression;

/// <summary>
/// Global structured pruning by group L2 magnitude. A group is one unit of a <see cref="PrunableLayer"/>
/// (a hidden neuron, or a unit of the liquid state) with everything that belongs to it; its score is
/// the L2 norm of its producing parameters (weight row and bias; for a liquid unit also its alpha,
/// beta and coupling row). Scores are normalised per layer (see <see cref="ScoreNormalization"/>),
/// ranked over all layers in scope, and the lowest removed, round(ratio * candidates) of them with
/// halves rounded away from zero, skipping any layer already at its minimum width. Ties go to the
/// earlier layer and lower index, so a plan depends on the parameters alone.
/// </summary>
public static class StructuredPruner
{
    /// <summary>Chooses the units to remove from <paramref name="network"/>.</summary>
    public static PruningPlan Plan<T>(INetwork<T> network, PruningOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        options.Validate();
        var topology = PruningTopology<T>.Of(network);
        if (options.Layers is { } names)
            foreach (var name in names.Where(n => topology.Layers.All(l => l.Name != n)))
                throw new ArgumentException($"'{name}' is not a prunable layer of this {network.Architecture}; " +
                    $"prunable: {string.Join(", ", topology.Layers.Select(l => l.Name))}", nameof(options));

        var layers = topology.Layers.Select(l => new LayerPruning(l, Enumerable.Repeat(true, l.Width).ToArray(),
            Scores(network.Parameters, l))).ToList();
        var inScope = layers.Where(l => options.Layers?.Contains(l.Layer.Name) ?? true).ToList();

        var ranked = new List<(double Score, int Layer, int Unit)>();
        for (int li = 0; li < inScope.Count; li++)
        {
            var scores = inScope[li].Scores;
            double scale = options.Normalization == ScoreNormalization.LayerRms ? RootMeanSquare(scores) : 1;
            for (int j = 0; j < scores.Length; j++) ranked.Add((scale > 0 ? scores[j] / scale : 0, li, j));
        }
        ranked.Sort();

        int candidates = ranked.Count;
        int requested = (int)Math.Round(options.Ratio * candidates, MidpointRounding.AwayFromZero);
        var kept = inScope.Select(l => l.Layer.Width).ToArray();
        var floor = inScope.Select(l => Math.Min(l.Layer.Width, Math.Max(options.MinimumPerLayer, l.Layer.MinimumWidth))).ToArray();
        int removed = 0;
        foreach (var (_, li, j) in ranked)
        {
            if (removed == requested) break;
            if (kept[li] == floor[li]) continue;
            inScope[li].Keep[j] = false;
            kept[li]--;
            removed++;
        }
        return new PruningPlan(layers, requested, candidates);
    }

    /// <summary>Plans with <paramref name="options"/> and shrinks: the pruned copy of <paramref name="network"/> and the plan.</summary>
    public static (INetwork<T> Pruned, PruningPlan Plan) Prune<T>(INetwork<T> network, PruningOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = Plan(network, options);
        return (Shrink(network, plan), plan);
    }

    /// <summary>
    /// A new, smaller network of the same architecture holding the kept units' parameters, copied.
    /// <paramref name="network"/> is not changed.
    /// </summary>
    public static INetwork<T> Shrink<T>(INetwork<T> network, PruningPlan plan) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var topology = PruningTopology<T>.Of(network);
        CheckPlan(topology, plan);
        var pruned = topology.Build(plan.Layers.ToDictionary(l => l.Layer.Name, l => l.KeptWidth));
        var kept = AxisIndex(plan);
        var source = network.Parameters;
        var target = pruned.Parameters;
        foreach (var tensor in target.Tensors)
        {
            var from = source.Find(tensor.Name);
            if (from.Shape.Length > 2) throw new NotSupportedException($"parameter {from} has more than two axes");
            int[] rows = kept.GetValueOrDefault((tensor.Name, 0)) ?? [.. Enumerable.Range(0, from.Shape[0])];
            int[] columns = from.Shape.Length == 1 ? [0]
                : kept.GetValueOrDefault((tensor.Name, 1)) ?? [.. Enumerable.Range(0, from.Shape[1])];
            int fromColumns = from.Shape.Length == 1 ? 1 : from.Shape[1];
            if (rows.Length * columns.Length != tensor.Length)
                throw new InvalidOperationException($"pruned {tensor} does not match the plan ({rows.Length} x {columns.Length} kept of {from})");
            var src = source[from];
            var dst = target[tensor];
            int k = 0;
            foreach (int r in rows)
            foreach (int c in columns)
                dst[k++] = src[r * fromColumns + c];
        }
        return pruned;
    }

    /// <summary>
    /// Zeroes every slice of every removed unit in <paramref name="network"/>'s parameters, in place.
    /// Without LayerNorm the result computes exactly what <see cref="Shrink{T}"/> gives (removed units
    /// read and write nothing); with LayerNorm use <see cref="MaskedForward"/>.
    /// </summary>
    public static void Mask<T>(INetwork<T> network, PruningPlan plan) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckPlan(PruningTopology<T>.Of(network), plan);
        var store = network.Parameters;
        foreach (var layer in plan.Layers)
        foreach (var slice in layer.Layer.Slices)
        {
            var tensor = store.Find(slice.Tensor);
            var values = store[tensor];
            int columns = tensor.Shape.Length == 1 ? 1 : tensor.Shape[1];
            for (int j = 0; j < layer.Keep.Length; j++)
            {
                if (layer.Keep[j]) continue;
                if (slice.Axis == 0) values.Slice(j * columns, columns).Clear();
                else for (int r = 0; r < tensor.Shape[0]; r++) values[r * columns + j] = T.Zero;
            }
        }
    }

    /// <summary>L2 norm of each unit's producing slices.</summary>
    public static double[] Scores<T>(ParameterStore<T> store, PrunableLayer layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var squares = new double[layer.Width];
        foreach (var slice in layer.Slices.Where(s => s.Role == UnitSliceRole.Producing))
        {
            var tensor = store.Find(slice.Tensor);
            var values = store[tensor];
            int columns = tensor.Shape.Length == 1 ? 1 : tensor.Shape[1];
            for (int i = 0; i < values.Length; i++)
            {
                int unit = slice.Axis == 0 ? i / columns : i % columns;
                double v = double.CreateChecked(values[i]);
                squares[unit] += v * v;
            }
        }
        return [.. squares.Select(Math.Sqrt)];
    }

    /// <summary>Throws unless <paramref name="plan"/> was made for a network with these prunable layers and widths.</summary>
    internal static void CheckPlan<T>(PruningTopology<T> topology, PruningPlan plan) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string Shape(IEnumerable<PrunableLayer> layers) => string.Join(", ", layers.Select(l => $"{l.Name}:{l.Width}"));
        var expected = Shape(topology.Layers);
        var actual = Shape(plan.Layers.Select(l => l.Layer));
        if (expected != actual)
            throw new ArgumentException($"the pruning plan was made for layers [{actual}] but the network has [{expected}]", nameof(plan));
    }

    /// <summary>Kept indices along each (tensor, axis) that a prunable layer indexes.</summary>
    private static Dictionary<(string, int), int[]> AxisIndex(PruningPlan plan)
    {
        var index = new Dictionary<(string, int), int[]>();
        foreach (var layer in plan.Layers)
        {
            var kept = layer.KeptIndices();
            foreach (var slice in layer.Layer.Slices)
                if (!index.TryAdd((slice.Tensor, slice.Axis), kept))
                    throw new InvalidOperationException($"axis {slice.Axis} of {slice.Tensor} belongs to two prunable layers");
        }
        return index;
    }

    private static double RootMeanSquare(double[] values) =>
        values.Length == 0 ? 0 : Math.Sqrt(values.Sum(v => v * v) / values.Length);
}
