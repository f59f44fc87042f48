using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Scoring;

/// <summary>The forecast that follows the end of one series.</summary>
/// <param name="Id">Series id (a cell).</param>
/// <param name="Length">Values in the series; the forecast follows the last one.</param>
/// <param name="Values">The next Horizon values.</param>
public sealed record SeriesForecast(string Id, int Length, double[] Values);

/// <summary>
/// Forecasts what comes after each series of a set from its last <see cref="IForecaster.InputLength"/>
/// values: what a user asks of a trained model for cells still in service.
/// </summary>
public static class SeriesForecasts
{
    /// <summary>Forecasts every series of <paramref name="series"/> in one batch, in the set's order.</summary>
    /// <exception cref="DataFormatException">A series is shorter than the forecaster's input (all such series are named).</exception>
    public static IReadOnlyList<SeriesForecast> FromEnd(IForecaster forecaster, SeriesSet series)
    {
        int w = forecaster.InputLength, h = forecaster.Horizon;
        var shortOnes = series.Where(s => s.Length < w).ToArray();
        if (shortOnes.Length > 0)
        {
            const int Named = 5;
            string list = string.Join(", ", shortOnes.Take(Named).Select(s => $"{s.Id} has {s.Length}"));
            if (shortOnes.Length > Named) list += $", and {shortOnes.Length - Named} more";
            throw new DataFormatException(series.Source, null,
                $"{forecaster.Name} reads the last {w} values of each cell, but {list}: give at least {w} cycles per cell");
        }

        var histories = new double[series.Count * w];
        for (int i = 0; i < series.Count; i++)
            series[i].Values.AsSpan(series[i].Length - w, w).CopyTo(histories.AsSpan(i * w, w));
        var forecasts = new double[series.Count * h];
        forecaster.Forecast(histories, forecasts, series.Count);
        return series.Select((s, i) => new SeriesForecast(s.Id, s.Length, forecasts[(i * h)..((i + 1) * h)])).ToArray();
    }
}
