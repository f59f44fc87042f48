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
public sealed record SplitPlan(string Protocol, int Seed, int? TrainStride = null, int? EvalStride = null, AdaptationProtocolOptions? Adaptation = null)
{
    /// <summary>The plan of a model that names no data: the cells protocol with its default seed.</summary>
    public static SplitPlan Default { get; } = new(CellsProtocol.Name, new CellsProtocolOptions().Seed);

    /// <summary>The same plan at the protocol's default strides.</summary>
    public SplitPlan AtDefaultStrides => this with { TrainStride = null, EvalStride = null };
}
