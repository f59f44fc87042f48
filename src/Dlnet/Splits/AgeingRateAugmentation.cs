using System.Globalization;
using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Splits;

/// <summary>
/// Training windows from the training cells as measured and as if each had aged at other rates
/// (<see cref="AgeingRate"/>): a fleet the model has not seen may age faster or slower per cycle than the cells it
/// learns from, and the windows of a resampled cell show it such curves. Only training windows are made this way;
/// a model is chosen and scored on measured cells alone.
/// </summary>
public static class AgeingRateAugmentation
{
    /// <summary>Most rates one run resamples at: each adds about as many windows as the measured cells give.</summary>
    public const int MaxRates = 8;

    /// <summary>
    /// The windows of <paramref name="train"/> cut by <paramref name="spec"/>, then those of each cell resampled at each
    /// rate, in that order. The window set's series are <paramref name="series"/> followed by the resampled cells, so a
    /// measured cell keeps its index.
    /// </summary>
    /// <exception cref="DataFormatException">A cell of <paramref name="series"/> has the name of a resampled one.</exception>
    /// <exception cref="ArgumentException">More than <see cref="MaxRates"/> rates, or a rate <see cref="AgeingRate.IsValid"/> refuses.</exception>
    public static WindowSet TrainingWindows(SeriesSet series, IReadOnlyList<int> train, WindowSpec spec, IReadOnlyList<double> rates)
    {
        if (rates.Count == 0) return WindowSet.Cut("train", series, train, spec);
        if (rates.Count > MaxRates) throw new ArgumentException($"at most {MaxRates} ageing rates, got {rates.Count}", nameof(rates));
        foreach (double r in rates)
            if (!AgeingRate.IsValid(r)) throw new ArgumentOutOfRangeException(nameof(rates), r, $"an ageing rate is between {AgeingRate.Min} and {AgeingRate.Max}");

        var all = new List<TimeSeries>(series.Count + train.Count * rates.Count);
        all.AddRange(series);
        var cells = new List<int>(train.Count * (rates.Count + 1));
        cells.AddRange(train);
        foreach (double rate in rates)
            foreach (int s in train)
            {
                var cell = series[s];
                string id = Name(cell.Id, rate);
                if (series.IndexOf(id) >= 0)
                    throw new DataFormatException(series.Source, null, $"cell '{id}' is named as cell '{cell.Id}' resampled at rate {rate.ToString("R", CultureInfo.InvariantCulture)} would be: rename it, or set protocol.ageing_rates to []");
                cells.Add(all.Count);
                all.Add(cell with { Id = id, Values = AgeingRate.Resample(cell.Values, rate), Covariates = NoCovariates });
            }
        return WindowSet.Cut("train", new SeriesSet(series.Source, all), cells, spec);
    }

    /// <summary>The resampled cell's id: the cell's, then <c>@</c> and the rate (<c>Bat001@0.8</c>).</summary>
    public static string Name(string cell, double rate) => cell + "@" + rate.ToString("R", CultureInfo.InvariantCulture);

    private static readonly IReadOnlyDictionary<string, double[]> NoCovariates = new Dictionary<string, double[]>();
}
