namespace Dlnet.Series;

/// <summary>
/// A cell's ageing curve as if it had aged at another rate per cycle: y'[k] = y(k r), linearly interpolated
/// between measured cycles. Cells of one chemistry under other charging policies, temperatures or rests fade
/// along curves of much the same shape, stretched or compressed in cycles (in the MIT-Stanford data the
/// cycle life runs from about 150 to 2,300 cycles); resampling a training cell at a few rates shows a model
/// that variety without inventing a shape no cell has.
/// </summary>
public static class AgeingRate
{
    /// <summary>Slowest rate accepted: a cell resampled at rate r has about 1/r times its values.</summary>
    public const double Min = 0.25;

    /// <summary>Fastest rate accepted.</summary>
    public const double Max = 4;

    /// <summary>Whether <paramref name="rate"/> is a rate <see cref="Resample"/> takes.</summary>
    public static bool IsValid(double rate) => rate is >= Min and <= Max;

    /// <summary>Values at cycles 0, r, 2r, ... up to the last measured one: floor((n - 1) / r) + 1 values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate outside [<see cref="Min"/>, <see cref="Max"/>].</exception>
    public static double[] Resample(ReadOnlySpan<double> values, double rate)
    {
        if (!IsValid(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, $"an ageing rate is between {Min} and {Max}");
        int n = values.Length;
        if (n < 2) return values.ToArray();
        var resampled = new double[(int)Math.Floor((n - 1) / rate) + 1];
        for (int k = 0; k < resampled.Length; k++)
        {
            double t = k * rate;
            int i = Math.Min((int)t, n - 2);
            double f = t - i;
            // A weight of exactly 0 or 1 takes one value alone, so a NaN or an out-of-range neighbour does not leak in.
            resampled[k] = f == 0 ? values[i] : f == 1 ? values[i + 1] : values[i] + f * (values[i + 1] - values[i]);
        }
        return resampled;
    }
}
