using Dlnet.Series;

namespace Dlnet.Splits;

/// <summary>
/// How a run or a model splits its data: the protocol and its seed, the strides when they are not the protocol's
/// defaults, or the cells of an adaptation. A run takes its plan from <c>config.json</c>, a model alone from its
/// <c>model.json</c> (which records protocol and seed, not strides); <see cref="RunSplits.Of"/> turns either into windows.
/// </summary>
/// <param name="Protocol"><c>cells</c> or <c>paper</c>.</param>
/// <param name="Seed">Seed of the protocol's random splits.</param>
/// <param name="TrainStride">Steps between training windows (cells), or between all windows (paper); null: the protocol's default.</param>
/// <param name="EvalStride">Steps between validation and report windows under <c>cells</c>; null: its default.</param>
/// <param name="Adaptation">The cells a model was adapted on (<see cref="AdaptationProtocol"/>); null otherwise.</param>
/// <param name="AgeingRates">Under <c>cells</c>: the rates at which every training cell is also resampled (<see cref="AgeingRate"/>)
/// for more training windows; null or empty for none. Validation and report cells are never resampled.</param>
public sealed record SplitPlan(string Protocol, int Seed, int? TrainStride = null, int? EvalStride = null, AdaptationProtocolOptions? Adaptation = null,
    IReadOnlyList<double>? AgeingRates = null)
{
    /// <summary>The plan of a model that names no data: the cells protocol with its default seed.</summary>
    public static SplitPlan Default { get; } = new(CellsProtocol.Name, new CellsProtocolOptions().Seed);

    /// <summary>
    /// The same plan at the protocol's default strides, on the measured cells alone: the windows a model's int8 scales
    /// are calibrated on, which a model file (recording protocol and seed only) reproduces.
    /// </summary>
    public SplitPlan Measured => this with { TrainStride = null, EvalStride = null, AgeingRates = null };
}
