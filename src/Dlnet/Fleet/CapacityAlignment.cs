using Dlnet.Series;

namespace Dlnet.Fleet;

/// <summary>
/// Where each value of a measured series sits in its smoothed twin. The measured series lists only the cycles
/// whose record survived (value k is the k-th measured cycle), the smoothed one every cycle, and the two may
/// differ by a constant factor (another nominal capacity). The alignment maps measured value i to smoothed
/// row <c>Rows[i]</c>, strictly increasing, minimising the absolute difference between <c>measured / Gain</c>
/// and the smoothed value plus <see cref="SkipCost"/> for every smoothed row skipped between two matches (a
/// missing cycle). Before the first match and after the last, rows are free: a measured series may start
/// late or stop early. Dynamic programming over (measured value, smoothed row), then the gain is re-estimated
/// as the median ratio of the matched pairs, twice.
/// </summary>
/// <param name="Rows">The smoothed row of each measured value.</param>
/// <param name="Gain">Measured over smoothed, the median over the matched pairs.</param>
public sealed record CapacityAlignment(int[] Rows, double Gain)
{
    /// <summary>
    /// Cost of one skipped smoothed row, in SOH: about twice the typical noise of a measured value, so that a row
    /// is taken for missing only when that keeps the values it moves closer to the smoothed curve.
    /// </summary>
    public const double SkipCost = 2e-4;

    /// <summary>Largest measured x smoothed size aligned: the table of back-pointers takes 4 bytes a cell.</summary>
    public const long MaxCells = 50_000_000;

    /// <summary>Smoothed rows skipped between the first and the last match.</summary>
    public int Skipped => Rows.Length == 0 ? 0 : Rows[^1] - Rows[0] + 1 - Rows.Length;

    /// <summary>Smoothed rows from the first match to the last.</summary>
    public int Span => Rows.Length == 0 ? 0 : Rows[^1] - Rows[0] + 1;

    /// <summary>measured[i] / Gain - smoothed[Rows[i]]: what the measurement adds to the smooth curve.</summary>
    public double[] Residuals(ReadOnlySpan<double> measured, ReadOnlySpan<double> smoothed)
    {
        var e = new double[Rows.Length];
        for (int i = 0; i < e.Length; i++) e[i] = measured[i] / Gain - smoothed[Rows[i]];
        return e;
    }

    /// <summary>The alignment of <paramref name="measured"/> to <paramref name="smoothed"/>, or null when the measured series has more values than the smoothed one has rows.</summary>
    /// <exception cref="ArgumentException">A series is empty, holds a value that is not positive and finite, or the pair is too large to align.</exception>
    public static CapacityAlignment? Align(ReadOnlySpan<double> measured, ReadOnlySpan<double> smoothed)
    {
        int n = measured.Length, m = smoothed.Length;
        if (n == 0 || m == 0) throw new ArgumentException("cannot align an empty series");
        if ((long)n * m > MaxCells) throw new ArgumentException($"{n} measured values against {m} smoothed rows is more than {MaxCells:N0} pairs to align");
        foreach (double v in measured) if (!(v > 0 && double.IsFinite(v))) throw new ArgumentException($"measured value {v} is not positive");
        foreach (double v in smoothed) if (!(v > 0 && double.IsFinite(v))) throw new ArgumentException($"smoothed value {v} is not positive");
        if (n > m) return null;

        // The first values: on the flat start of life any misalignment costs little, so rank i stands for row i.
        int head = Math.Min(n, Math.Max(20, n / 10));
        var ratios = new double[Math.Max(head, n)];
        for (int i = 0; i < head; i++) ratios[i] = measured[i] / smoothed[i];
        double gain = Median.Of(ratios.AsSpan(0, head));
        int[] rows = [];
        var back = new int[n * m];
        for (int pass = 0; pass < 2; pass++)
        {
            rows = Match(measured, smoothed, gain, back);
            for (int i = 0; i < n; i++) ratios[i] = measured[i] / smoothed[rows[i]];
            gain = Median.Of(ratios.AsSpan(0, n));
        }
        return new CapacityAlignment(rows, gain);
    }

    private static int[] Match(ReadOnlySpan<double> measured, ReadOnlySpan<double> smoothed, double gain, int[] back)
    {
        int n = measured.Length, m = smoothed.Length;
        var previous = new double[m];
        var current = new double[m];
        for (int j = 0; j < m; j++) previous[j] = Math.Abs(measured[0] / gain - smoothed[j]);
        for (int i = 1; i < n; i++)
        {
            double r = measured[i] / gain;
            // Reaching row j from row k < j costs SkipCost (j - k - 1): keep the least previous[k] - SkipCost k so far.
            double best = double.PositiveInfinity;
            int from = -1;
            for (int j = 0; j < m; j++)
            {
                if (from >= 0)
                {
                    current[j] = Math.Abs(r - smoothed[j]) + best + SkipCost * (j - 1);
                    back[i * m + j] = from;
                }
                else current[j] = double.PositiveInfinity;
                double v = previous[j] - SkipCost * j;
                if (v < best) { best = v; from = j; }
            }
            (previous, current) = (current, previous);
        }
        int end = 0;
        for (int j = 1; j < m; j++) if (previous[j] < previous[end]) end = j;
        var rows = new int[n];
        rows[n - 1] = end;
        for (int i = n - 1; i > 0; i--) rows[i - 1] = back[i * m + rows[i]];
        return rows;
    }
}
