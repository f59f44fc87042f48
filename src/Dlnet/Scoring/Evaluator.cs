using Dlnet.Splits;

namespace Dlnet.Scoring;

/// <summary>
/// Runs a forecaster over every window of a split in batches and scores it. Buffers are allocated once
/// per call, sized by the batch, so the loop over windows allocates nothing.
/// </summary>
public static class Evaluator
{
    public const int DefaultBatchSize = 256;

    public static SplitEvaluation Evaluate(IForecaster forecaster, WindowSet windows, int batchSize = DefaultBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (forecaster.InputLength != windows.InputLength || forecaster.Horizon != windows.Horizon)
            throw new ArgumentException(
                $"'{forecaster.Name}' maps {forecaster.InputLength} values to {forecaster.Horizon}; the windows of '{windows.Name}' are {windows.InputLength}+{windows.Horizon}",
                nameof(forecaster));

        int w = windows.InputLength, h = windows.Horizon;
        int batch = Math.Min(batchSize, Math.Max(windows.Count, 1));
        var histories = new double[batch * w];
        var forecasts = new double[batch * h];
        var targets = new double[batch * h];
        var overall = new MetricsAccumulator(h);
        // Indexed by series index; only the series present get an accumulator.
        var perSeries = new MetricsAccumulator?[windows.Series.Count];
        var seriesOrder = new List<int>();

        for (int first = 0; first < windows.Count; first += batch)
        {
            int count = Math.Min(batch, windows.Count - first);
            windows.CopyInputs(first, count, histories);
            windows.CopyTargets(first, count, targets);
            forecaster.Forecast(histories.AsSpan(0, count * w), forecasts.AsSpan(0, count * h), count);
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<double> f = forecasts.AsSpan(i * h, h), t = targets.AsSpan(i * h, h);
                overall.Add(f, t);
                int s = windows[first + i].Series;
                if (perSeries[s] is not MetricsAccumulator acc)
                {
                    perSeries[s] = acc = new MetricsAccumulator(h);
                    seriesOrder.Add(s);
                }
                acc.Add(f, t);
            }
        }

        var bySeries = new Dictionary<string, ForecastMetrics>(StringComparer.Ordinal);
        foreach (int s in seriesOrder) bySeries[windows.Series[s].Id] = perSeries[s]!.ToMetrics();
        return new SplitEvaluation(forecaster.Name, windows.Name, overall.ToMetrics(), bySeries);
    }
}
