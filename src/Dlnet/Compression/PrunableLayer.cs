namespace Dlnet.Compression;

/// <summary>What a slice of a parameter tensor does for the unit it belongs to.</summary>
public enum UnitSliceRole
{
    /// <summary>Writes the unit's value (its weight row and bias); scored by <see cref="StructuredPruner"/>.</summary>
    Producing,

    /// <summary>The unit's LayerNorm gain or bias entry.</summary>
    Normalising,

    /// <summary>Reads the unit's value (its column in the next layer).</summary>
    Consuming,
}

/// <summary>The slices <c>tensor[..., j, ...]</c> (index j along <paramref name="Axis"/>) that belong to unit j.</summary>
/// <param name="Tensor">Parameter name in the network's <see cref="Nn.ParameterStore{T}"/>.</param>
/// <param name="Axis">Axis of the tensor indexed by the unit (0: rows, 1: columns).</param>
/// <param name="Role">Whether the slice produces, normalises or consumes the unit.</param>
public sealed record UnitSlice(string Tensor, int Axis, UnitSliceRole Role);

/// <summary>
/// A layer of units that structured pruning may remove one at a time: the hidden neurons of one dense
/// layer, or the units of a liquid state. Removing unit j removes slice j of every tensor in
/// <see cref="Slices"/>, so the network keeps its architecture at a smaller width.
/// </summary>
/// <param name="Name">The producing layer's name (<c>encoder.0</c>, <c>ode</c>, <c>decoder.1</c>, <c>layer.0</c>).</param>
/// <param name="Width">Units in the layer.</param>
/// <param name="Slices">Every slice indexed by the layer's units.</param>
/// <param name="MinimumWidth">Units the layer can never go below, whatever the options ask
/// (a low-rank liquid state keeps at least its rank r, which also sets the coupling's 1/r scale).</param>
public sealed record PrunableLayer(string Name, int Width, IReadOnlyList<UnitSlice> Slices, int MinimumWidth = 1)
{
    /// <summary>The LayerNorm gain tensor over these units, or null when the layer has none.</summary>
    public string? NormGain => Slices.FirstOrDefault(s => s.Role == UnitSliceRole.Normalising && s.Tensor.EndsWith(".gain", StringComparison.Ordinal))?.Tensor;
}
