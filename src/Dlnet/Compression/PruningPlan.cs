namespace Dlnet.Compression;

/// <summary>The units kept in one prunable layer.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Keep">Keep[j] is false when unit j is removed.</param>
/// <param name="Scores">L2 norm of each unit's producing parameters, before normalisation.</param>
public sealed record LayerPruning(PrunableLayer Layer, bool[] Keep, double[] Scores)
{
    public int KeptWidth => Keep.Count(k => k);

    /// <summary>Indices of kept units, ascending.</summary>
    public int[] KeptIndices() => [.. Enumerable.Range(0, Keep.Length).Where(j => Keep[j])];
}

/// <summary>
/// Which units structured pruning removes from a network: one <see cref="LayerPruning"/> per prunable
/// layer (layers outside the options' scope keep every unit). Apply it with
/// <see cref="StructuredPruner.Shrink{T}"/> or <see cref="StructuredPruner.Mask{T}"/>.
/// </summary>
/// <param name="Layers">Every prunable layer of the network, in network order.</param>
/// <param name="Requested">round(ratio * candidates), half away from zero.</param>
/// <param name="Candidates">Units in the layers in scope.</param>
public sealed record PruningPlan(IReadOnlyList<LayerPruning> Layers, int Requested, int Candidates)
{
    /// <summary>Units removed: <see cref="Requested"/>, unless the per-layer minimums allow fewer.</summary>
    public int Removed => Layers.Sum(l => l.Layer.Width - l.KeptWidth);

    public LayerPruning this[string layer] =>
        Layers.FirstOrDefault(l => l.Layer.Name == layer) ?? throw new KeyNotFoundException($"no prunable layer named '{layer}'");
}
