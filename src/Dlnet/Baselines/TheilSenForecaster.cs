using Dlnet.Scoring;
using Dlnet.Series;

namespace Dlnet.Baselines;

/// <summary>
/// The Theil-Sen line through the last <see cref="FitLength"/> values, extrapolated over the horizon: the
/// slope is the median of the slopes between every pair of values, the intercept the median of what each
/// value leaves once the slope is taken off. Up to about 29% of the values can be spikes, dips or the far
/// side of a step without moving the line, where one spike bends a least-squares line.
/// </summary>
public sealed class TheilSenForecaster : IForecaster
{
    public TheilSenForecaster(int fitLength, int inputLength = 100, int horizon = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        if (fitLength < 2)
            throw new ArgumentOutOfRangeException(nameof(fitLength), fitLength, "a line needs at least 2 values");
        if (fitLength > inputLength)
            throw new ArgumentOutOfRangeException(nameof(fitLength), fitLength, $"cannot fit through more values than the {inputLength} of the input");
        FitLength = fitLength;
        InputLength = inputLength;
        Horizon = horizon;
    }

    public string Name => $"theilsen{FitLength}";

    /// <summary>How many of the most recent values the line is fitted through.</summary>
    public int FitLength { get; }

    public int InputLength { get; }

    public int Horizon { get; }

    public void Forecast(ReadOnlySpan<double> histories, Span<double> forecasts, int count)
    {
        ForecastShape.Check(this, histories.Length, forecasts.Length, count);
        int k = FitLength;
        var slopes = new double[k * (k - 1) / 2];
        var offsets = new double[k];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<double> y = histories.Slice((i + 1) * InputLength - k, k);
            var (intercept, slope) = Fit(y, slopes, offsets);
            Span<double> output = forecasts.Slice(i * Horizon, Horizon);
            // Position 0 is the first fitted value, so step f + 1 sits at k + f.
            for (int f = 0; f < Horizon; f++) output[f] = intercept + slope * (k + f);
        }
    }

    /// <summary>Intercept (at the first value's position 0) and slope per step of the Theil-Sen line through <paramref name="y"/>.</summary>
    /// <param name="y">Values at positions 0, 1, ...</param>
    /// <param name="slopes">Scratch room for the n(n-1)/2 pairwise slopes.</param>
    /// <param name="offsets">Scratch room for n values.</param>
    public static (double Intercept, double Slope) Fit(ReadOnlySpan<double> y, Span<double> slopes, Span<double> offsets)
    {
        int n = y.Length, pairs = 0;
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
                slopes[pairs++] = (y[b] - y[a]) / (b - a);
        double slope = Median.Of(slopes[..pairs]);
        for (int j = 0; j < n; j++) offsets[j] = y[j] - slope * j;
        return (Median.Of(offsets[..n]), slope);
    }
}
