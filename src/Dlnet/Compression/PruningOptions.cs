namespace Dlnet.Compression;

/// <summary>How group scores are made comparable across layers before the global ranking.</summary>
public enum ScoreNormalization
{
    /// <summary>
    /// Each score is divided by the root mean square of the scores of its layer. Row norms of layers
    /// with different fan-in, and of liquid units (whose group holds more parameters), differ in scale
    /// for reasons unrelated to importance; a raw global ranking then tends to empty whole layers.
    /// </summary>
    LayerRms,

    /// <summary>Raw L2 norms ranked globally, as in the paper's code (the per-layer minimum still holds).</summary>
    None,
}

/// <summary>Settings of <see cref="StructuredPruner"/>.</summary>
/// <param name="Ratio">Share of prunable units to remove, in [0, 1) (the paper's grid: 0.1 .. 0.9).</param>
/// <param name="MinimumPerLayer">Units every pruned layer keeps at least (raised to a layer's own
/// <see cref="PrunableLayer.MinimumWidth"/>).</param>
/// <param name="Normalization">Whether scores are normalised per layer before the global ranking.</param>
/// <param name="Layers">Names of the layers that may be pruned; null for every prunable layer
/// (e.g. <c>["decoder.0", "decoder.1"]</c> prunes only the decoder, like the paper's deployed student).</param>
public sealed record PruningOptions(
    double Ratio,
    int MinimumPerLayer = 1,
    ScoreNormalization Normalization = ScoreNormalization.LayerRms,
    IReadOnlyCollection<string>? Layers = null)
{
    internal void Validate()
    {
        if (!(Ratio >= 0 && Ratio < 1)) throw new ArgumentOutOfRangeException(nameof(Ratio), Ratio, "pruning ratio must be in [0, 1)");
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumPerLayer, 1, nameof(MinimumPerLayer));
    }
}
