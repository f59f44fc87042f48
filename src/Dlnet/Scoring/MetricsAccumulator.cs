namespace Dlnet.Scoring;

/// <summary>
/// Running sums of absolute, squared and relative errors per horizon step, in double whatever the
/// precision of the forecasts, turned into <see cref="ForecastMetrics"/> at the end. Allocates only
/// when created.
/// </summary>
public sealed class MetricsAccumulator
{
    private readonly double[] _absolute;
    private readonly double[] _squared;
    private readonly double[] _relative;
    private readonly long[] _relativeCount;

    public MetricsAccumulator(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        Horizon = horizon;
        _absolute = new double[horizon];
        _squared = new double[horizon];
        _relative = new double[horizon];
        _relativeCount = new long[horizon];
    }

    public int Horizon { get; }

    /// <summary>Windows added so far.</summary>
    public int Windows { get; private set; }

    /// <summary>Adds one window: <paramref name="forecast"/> and <paramref name="target"/> both hold <see cref="Horizon"/> values.</summary>
    public void Add(ReadOnlySpan<double> forecast, ReadOnlySpan<double> target)
    {
        if (forecast.Length != Horizon || target.Length != Horizon)
            throw new ArgumentException($"a window has {Horizon} forecast and target values; got {forecast.Length} and {target.Length}");
        for (int s = 0; s < Horizon; s++)
        {
            double t = target[s];
            double e = forecast[s] - t;
            double a = Math.Abs(e);
            _absolute[s] += a;
            _squared[s] += e * e;
            // A zero target has no relative error; it is left out of MAPE rather than made infinite.
            if (t != 0) { _relative[s] += a / Math.Abs(t); _relativeCount[s]++; }
        }
        Windows++;
    }

    /// <summary>Adds <paramref name="count"/> windows stored back to back (count x Horizon each).</summary>
    public void AddRange(ReadOnlySpan<double> forecasts, ReadOnlySpan<double> targets, int count)
    {
        for (int i = 0; i < count; i++)
            Add(forecasts.Slice(i * Horizon, Horizon), targets.Slice(i * Horizon, Horizon));
    }

    /// <summary>Folds another accumulator of the same horizon into this one.</summary>
    public void Add(MetricsAccumulator other)
    {
        if (other.Horizon != Horizon) throw new ArgumentException($"horizons differ: {Horizon} and {other.Horizon}", nameof(other));
        for (int s = 0; s < Horizon; s++)
        {
            _absolute[s] += other._absolute[s];
            _squared[s] += other._squared[s];
            _relative[s] += other._relative[s];
            _relativeCount[s] += other._relativeCount[s];
        }
        Windows += other.Windows;
    }

    public void Clear()
    {
        Array.Clear(_absolute);
        Array.Clear(_squared);
        Array.Clear(_relative);
        Array.Clear(_relativeCount);
        Windows = 0;
    }

    public ForecastMetrics ToMetrics()
    {
        if (Windows == 0) return new ForecastMetrics(0, double.NaN, double.NaN, double.NaN, Enumerable.Repeat(double.NaN, Horizon).ToArray());
        double n = Windows;
        double absolute = 0, squared = 0, relative = 0;
        long relativeCount = 0;
        var perStep = new double[Horizon];
        for (int s = 0; s < Horizon; s++)
        {
            absolute += _absolute[s];
            squared += _squared[s];
            relative += _relative[s];
            relativeCount += _relativeCount[s];
            perStep[s] = _absolute[s] / n;
        }
        double points = n * Horizon;
        double mape = relativeCount > 0 ? 100.0 * relative / relativeCount : double.NaN;
        return new ForecastMetrics(Windows, absolute / points, Math.Sqrt(squared / points), mape, perStep);
    }
}
