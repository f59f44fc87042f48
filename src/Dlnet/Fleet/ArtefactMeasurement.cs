using Dlnet.Series;

namespace Dlnet.Fleet;

/// <summary>Size of one kind of event: how often, which way, how large (SOH) and the Pareto exponent of the sizes above <see cref="ArtefactMeasurement.EventFloor"/>.</summary>
/// <param name="Count">Events found.</param>
/// <param name="RatePerCycle">Events per measured value.</param>
/// <param name="UpShare">Share of events that raise the value.</param>
/// <param name="SizeMedian">Median absolute size.</param>
/// <param name="SizeP90">90th percentile of the absolute size.</param>
/// <param name="SizeMax">Largest absolute size.</param>
/// <param name="Exponent">Maximum-likelihood exponent a of P(size &gt; x) = (x / floor)^-a; NaN without events.</param>
public sealed record EventSizes(int Count, double RatePerCycle, double UpShare, double SizeMedian, double SizeP90, double SizeMax, double Exponent);

/// <summary>
/// The measurement artefacts of a fleet's measured series against their smoothed twins (<see cref="ArtefactMeasurement.Measure"/>).
/// Every size is in SOH and every rate per measured value (cycle).
/// </summary>
/// <param name="Cells">Cells measured.</param>
/// <param name="CellsLeftOut">Cells without a twin, too short, or with more measured values than smoothed rows.</param>
/// <param name="Values">Measured values of the cells measured.</param>
/// <param name="NoiseP10">10th percentile over cells of the noise standard deviation.</param>
/// <param name="NoiseMedian">Median over cells of the noise standard deviation.</param>
/// <param name="NoiseP90">90th percentile over cells of the noise standard deviation.</param>
/// <param name="Spikes">Spikes and dips: values off their neighbours for at most <see cref="ArtefactMeasurement.MaxSpikeLength"/> cycles.</param>
/// <param name="SpikeContinuation">Share of a spike's cycles after its first: the chance that a spike lasts one more cycle.</param>
/// <param name="Steps">Level shifts that last.</param>
/// <param name="Recoveries">Rises of the level that fade back (capacity recovered over a rest).</param>
/// <param name="RecoveryHalfLifeMedian">Median cycles for a recovery to fall to half its rise.</param>
/// <param name="MissingShareMedian">Median over cells of the share of cycles missing between the first and last measured one.</param>
/// <param name="GapRatePerCycle">Runs of missing cycles per cycle, over the cells that are not sparse.</param>
/// <param name="GapMeanLength">Mean length of those runs, in cycles.</param>
/// <param name="SparseCellShare">Share of cells missing more than <see cref="ArtefactMeasurement.SparseShare"/> of their cycles.</param>
/// <param name="SparseMissingMedian">Median share of cycles missing in those cells (NaN when there is none).</param>
public sealed record ArtefactSizes(
    int Cells, int CellsLeftOut, long Values,
    double NoiseP10, double NoiseMedian, double NoiseP90,
    EventSizes Spikes, double SpikeContinuation,
    EventSizes Steps,
    EventSizes Recoveries, double RecoveryHalfLifeMedian,
    double MissingShareMedian, double GapRatePerCycle, double GapMeanLength, double SparseCellShare, double SparseMissingMedian);

/// <summary>
/// Measures what a battery management system's capacity readings add to the smooth fade of a cell: noise,
/// spikes and dips, lasting steps, recoveries that fade, and missing cycles. Each measured series is aligned to
/// its smoothed twin (<see cref="CapacityAlignment"/>, which also finds the missing cycles), and the residual
/// (measured minus smoothed) is read as follows:
/// <list type="bullet">
/// <item>noise: 1.4826 x the median absolute deviation of the residual's first differences, over sqrt 2; steps,
/// spikes and slow bumps barely move it;</item>
/// <item>spikes and dips: a value more than max(<see cref="SpikeSigmas"/> noise sd, <see cref="EventFloor"/>) off the
/// median of its <see cref="NeighbourRadius"/> neighbours on each side, the same way, in runs of at most
/// <see cref="MaxSpikeLength"/>;</item>
/// <item>steps: where the median of the next <see cref="LevelWindow"/> values differs from that of the last
/// <see cref="LevelWindow"/> by more than max(<see cref="LevelSigmas"/> noise sd, <see cref="EventFloor"/>), the
/// largest within a window, and the level <see cref="LevelWindow"/> to 3 <see cref="LevelWindow"/> later still holds
/// half the change;</item>
/// <item>recoveries: a jump up that fades back to half within 3 to 3 <see cref="LevelWindow"/> cycles
/// (<see cref="Recoveries"/>).</item>
/// </list>
/// </summary>
public static class ArtefactMeasurement
{
    public const int NeighbourRadius = 7;
    public const double SpikeSigmas = 8;
    public const int MaxSpikeLength = 3;
    public const int LevelWindow = 30;
    public const double LevelSigmas = 10;

    /// <summary>Smallest event counted, in SOH: below it spikes and steps are not told apart from heavy-tailed noise.</summary>
    public const double EventFloor = 1e-3;

    /// <summary>A cell missing more than this share of its cycles is sparse.</summary>
    public const double SparseShare = 0.3;

    /// <summary>Shortest measured series measured: room for a level change and its persistence check.</summary>
    public const int MinValues = 4 * LevelWindow;

    /// <summary>The artefacts of each cell of <paramref name="measured"/> that has a twin of the same id in <paramref name="smoothed"/>.</summary>
    /// <exception cref="ArgumentException">No cell can be measured, or a cell cannot be aligned (named).</exception>
    public static ArtefactSizes Measure(SeriesSet measured, SeriesSet smoothed)
    {
        var noise = new List<double>();
        var spikes = new List<double>();
        var steps = new List<double>();
        var recoveries = new List<double>();
        var halfLives = new List<double>();
        var missingShares = new List<double>();
        var sparse = new List<double>();
        long values = 0, spikeCycles = 0, gaps = 0, gapCycles = 0, denseSpan = 0;
        int leftOut = 0;
        foreach (var cell in measured)
        {
            if (!smoothed.TryGet(cell.Id, out var twin) || cell.Length < MinValues) { leftOut++; continue; }
            CapacityAlignment? alignment;
            try { alignment = CapacityAlignment.Align(cell.Values, twin.Values); }
            catch (ArgumentException problem) { throw new ArgumentException($"cell {cell.Id}: {problem.Message}", problem); }
            if (alignment is null) { leftOut++; continue; }
            double[] e = alignment.Residuals(cell.Values, twin.Values);
            double sigma = NoiseSd(e);
            noise.Add(sigma);
            values += e.Length;
            spikeCycles += Spikes(e, sigma, spikes);
            Steps(e, sigma, steps);
            Recoveries(e, sigma, recoveries, halfLives);

            double missing = alignment.Skipped / (double)alignment.Span;
            missingShares.Add(missing);
            if (missing > SparseShare) { sparse.Add(missing); continue; }
            denseSpan += alignment.Span;
            for (int i = 1; i < alignment.Rows.Length; i++)
            {
                int gap = alignment.Rows[i] - alignment.Rows[i - 1] - 1;
                if (gap > 0) { gaps++; gapCycles += gap; }
            }
        }
        if (noise.Count == 0) throw new ArgumentException($"none of the {measured.Count} measured series has a smoothed twin of at least {MinValues} values to measure against");

        return new ArtefactSizes(noise.Count, leftOut, values,
            Quantile(noise, 0.1), Quantile(noise, 0.5), Quantile(noise, 0.9),
            Sizes(spikes, values), spikes.Count == 0 ? 0 : (spikeCycles - spikes.Count) / (double)spikeCycles,
            Sizes(steps, values),
            Sizes(recoveries, values), halfLives.Count == 0 ? double.NaN : Quantile(halfLives, 0.5),
            Quantile(missingShares, 0.5), denseSpan == 0 ? 0 : gaps / (double)denseSpan, gaps == 0 ? 0 : gapCycles / (double)gaps,
            sparse.Count / (double)noise.Count, sparse.Count == 0 ? double.NaN : Quantile(sparse, 0.5));
    }

    /// <summary>Standard deviation of white noise from the median absolute deviation of first differences.</summary>
    public static double NoiseSd(ReadOnlySpan<double> e)
    {
        if (e.Length < 3) return 0;
        var d = new double[e.Length - 1];
        for (int i = 0; i < d.Length; i++) d[i] = e[i + 1] - e[i];
        double centre = Median.Of([.. d]);
        for (int i = 0; i < d.Length; i++) d[i] = Math.Abs(d[i] - centre);
        return 1.482602218505602 * Median.Of(d) / Math.Sqrt(2);
    }

    /// <summary>Adds each spike's signed size (its extreme) to <paramref name="sizes"/>; returns the cycles the spikes cover.</summary>
    public static long Spikes(ReadOnlySpan<double> e, double sigma, List<double> sizes)
    {
        int n = e.Length;
        double cut = Math.Max(SpikeSigmas * sigma, EventFloor);
        var deviation = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Off both sides the same way: the edge of a step is off one side only.
            var left = e[Math.Max(0, i - NeighbourRadius)..i];
            var right = e[Math.Min(n, i + 1)..Math.Min(n, i + 1 + NeighbourRadius)];
            double fromLeft = left.IsEmpty ? double.NaN : e[i] - MedianOf(left);
            double fromRight = right.IsEmpty ? double.NaN : e[i] - MedianOf(right);
            if (double.IsNaN(fromLeft)) fromLeft = fromRight;
            if (double.IsNaN(fromRight)) fromRight = fromLeft;
            deviation[i] = fromLeft * fromRight <= 0 || double.IsNaN(fromLeft) ? 0
                : Math.Sign(fromLeft) * Math.Min(Math.Abs(fromLeft), Math.Abs(fromRight));
        }
        long cycles = 0;
        for (int i = 0; i < n;)
        {
            if (Math.Abs(deviation[i]) <= cut) { i++; continue; }
            int end = i, extreme = i;
            while (end < n && Math.Abs(deviation[end]) > cut)
            {
                if (Math.Abs(deviation[end]) > Math.Abs(deviation[extreme])) extreme = end;
                end++;
            }
            if (end - i <= MaxSpikeLength)
            {
                sizes.Add(deviation[extreme]);
                cycles += end - i;
            }
            i = end;
        }
        return cycles;
    }

    /// <summary>Adds the signed size of each level shift that lasts to <paramref name="steps"/>.</summary>
    public static void Steps(ReadOnlySpan<double> e, double sigma, List<double> steps)
    {
        int n = e.Length, h = LevelWindow;
        double cut = Math.Max(LevelSigmas * sigma, EventFloor);
        var candidates = new List<(double Size, int At, double Before)>();
        for (int i = h; i + h <= n; i++)
        {
            double before = MedianOf(e[(i - h)..i]);
            double shift = MedianOf(e[i..(i + h)]) - before;
            if (Math.Abs(shift) > cut) candidates.Add((shift, i, before));
        }
        // The largest change in each stretch; its neighbours see the same change, smaller.
        var taken = new List<int>();
        foreach (var (shift, at, before) in candidates.OrderByDescending(c => Math.Abs(c.Size)).ThenBy(c => c.At))
        {
            if (taken.Any(t => Math.Abs(t - at) < h)) continue;
            taken.Add(at);
            if (at + 3 * h > n) continue;
            double later = MedianOf(e[(at + h)..(at + 3 * h)]) - before;
            if (later * shift > 0 && Math.Abs(later) >= 0.5 * Math.Abs(shift)) steps.Add(shift);
        }
    }

    /// <summary>
    /// Adds each recovery's rise and half-life to the lists: the median of 3 values jumps above the median of the
    /// last <see cref="LevelWindow"/> by more than max(<see cref="SpikeSigmas"/> noise sd, <see cref="EventFloor"/>), from
    /// a value that was not, and falls back below half the rise within 3 to 3 <see cref="LevelWindow"/> cycles (sooner
    /// is a spike, later a step).
    /// </summary>
    public static void Recoveries(ReadOnlySpan<double> e, double sigma, List<double> rises, List<double> halfLives)
    {
        int n = e.Length, h = LevelWindow;
        double cut = Math.Max(SpikeSigmas * sigma, EventFloor);
        for (int i = h; i + 3 <= n;)
        {
            double before = MedianOf(e[(i - h)..i]);
            double rise = MedianOf(e[i..(i + 3)]) - before;
            if (rise <= cut || e[i - 1] - before >= cut / 2) { i++; continue; }
            int k = 0;
            while (i + k + 3 <= n && MedianOf(e[(i + k)..(i + k + 3)]) - before >= rise / 2) k++;
            if (k >= 3 && k < 3 * h && i + k + 3 <= n)
            {
                rises.Add(rise);
                halfLives.Add(k);
            }
            i += Math.Max(k, 1);
        }
    }

    private static double MedianOf(ReadOnlySpan<double> values) => Median.Of([.. values]);

    private static EventSizes Sizes(List<double> signed, long values)
    {
        if (signed.Count == 0) return new EventSizes(0, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var size = signed.Select(Math.Abs).ToList();
        double logs = size.Sum(x => Math.Log(Math.Max(x, EventFloor) / EventFloor));
        return new EventSizes(signed.Count, signed.Count / (double)values, signed.Count(x => x > 0) / (double)signed.Count,
            Quantile(size, 0.5), Quantile(size, 0.9), size.Max(), logs > 0 ? signed.Count / logs : double.PositiveInfinity);
    }

    /// <summary>The p-quantile, interpolating linearly between neighbouring order statistics.</summary>
    private static double Quantile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        double position = p * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
