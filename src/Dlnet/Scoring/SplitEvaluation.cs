namespace Dlnet.Scoring;

/// <summary>Scores of one forecaster on one split: pooled over all windows, and per series.</summary>
/// <param name="Forecaster">The forecaster's name.</param>
/// <param name="Split">The split's name.</param>
/// <param name="Overall">Every window of the split weighs the same.</param>
/// <param name="PerSeries">Keyed by series id, in the order the series first appear in the split.</param>
public sealed record SplitEvaluation(string Forecaster, string Split, ForecastMetrics Overall, IReadOnlyDictionary<string, ForecastMetrics> PerSeries);
