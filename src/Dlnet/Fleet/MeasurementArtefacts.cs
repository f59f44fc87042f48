using static Dlnet.Fleet.SyntheticFleetSampling;

namespace Dlnet.Fleet;

/// <summary>
/// Turns a cell's smooth SOH curve into what a battery management system reads, with the artefacts of
/// <see cref="MeasurementArtefactOptions"/>: Gaussian noise of the cell's own size; lasting steps up or down;
/// recoveries, a rise that fades with a half-life (capacity regained over a rest); spikes and dips of one cycle or a
/// few; and missing cycles, in short runs or, in a sparse cell, most of them. The values left are listed in
/// order, so a missing cycle shortens the series (the k-th value is the k-th measured cycle), as in the measured
/// MIT-Stanford set.
/// </summary>
public static class MeasurementArtefacts
{
    /// <summary>The measured series of one cell.</summary>
    /// <param name="clean">SOH per cycle, from cycle 1.</param>
    /// <param name="options">Sizes and rates (validated by the caller).</param>
    /// <param name="random">The cell's draws.</param>
    public static double[] Apply(ReadOnlySpan<double> clean, MeasurementArtefactOptions options, Random random)
    {
        var o = options;
        int n = clean.Length;
        var values = clean.ToArray();
        double sigma = o.NoiseMedian * Math.Exp(o.NoiseLogStdDev * Gaussian(random));
        double fade = Math.Pow(0.5, 1 / o.RecoveryHalfLife);
        double level = 0, recovery = 0;
        for (int t = 0; t < n; t++)
        {
            recovery *= fade;
            if (Happens(random, o.StepRate))
                level += (random.NextDouble() < o.StepUpShare ? 1 : -1) * Size(random, o.StepExponent, o.StepMax);
            if (Happens(random, o.RecoveryRate)) recovery += Size(random, o.RecoveryExponent, o.RecoveryMax);
            values[t] += level + recovery + (sigma > 0 ? sigma * Gaussian(random) : 0);
        }
        for (int t = 0; t < n; t++)
        {
            if (!Happens(random, o.SpikeRate)) continue;
            double size = (random.NextDouble() < o.SpikeDipShare ? -1 : 1) * Size(random, o.SpikeExponent, o.SpikeMax);
            values[t] += size;
            while (t + 1 < n && random.NextDouble() < o.SpikeContinuation) values[++t] += size;
        }
        return Measured(values, o, random);
    }

    /// <summary>The values of the cycles whose record survives.</summary>
    private static double[] Measured(double[] values, MeasurementArtefactOptions o, Random random)
    {
        if (o.GapRate == 0 && o.SparseCellShare == 0) return values;
        var kept = new List<double>(values.Length);
        if (random.NextDouble() < o.SparseCellShare)
        {
            foreach (double v in values) if (random.NextDouble() >= o.SparseMissingShare) kept.Add(v);
            return [.. kept];
        }
        // A run of missing cycles ends after each cycle with chance 1 / mean: geometric lengths of that mean.
        double end = 1 / o.GapMeanLength;
        for (int t = 0; t < values.Length; t++)
        {
            if (Happens(random, o.GapRate))
            {
                do t++; while (t < values.Length && random.NextDouble() >= end);
                if (t >= values.Length) break;
            }
            kept.Add(values[t]);
        }
        return [.. kept];
    }

    private static bool Happens(Random random, double rate) => rate > 0 && random.NextDouble() < rate;

    /// <summary>A size of at least the event floor, P(size &gt; x) = (x / floor)^-exponent, capped at <paramref name="max"/>.</summary>
    private static double Size(Random random, double exponent, double max) =>
        Math.Min(max, ArtefactMeasurement.EventFloor * Math.Pow(1.0 - random.NextDouble(), -1 / exponent));
}
