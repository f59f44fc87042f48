namespace Dlnet.Compression;

/// <summary>
/// Gradual pruning: a ratio reached in steps that each remove an equal share of the original units, every step's
/// ratio taken of what the step before left, so that training can recover between the cuts. Three steps to 60%
/// remove 20% of the units, then 25% of the rest, then a third of what is left.
/// </summary>
public static class PruningSchedule
{
    /// <summary>Most steps a ratio may be reached in.</summary>
    public const int MaxSteps = 10;

    /// <summary>
    /// The ratio of each step, of the network as the step before left it: step k (from 1) takes the total from
    /// <paramref name="ratio"/> * (k - 1) / <paramref name="steps"/> to <paramref name="ratio"/> * k / <paramref name="steps"/>,
    /// so the kept shares multiply to 1 - <paramref name="ratio"/>.
    /// </summary>
    public static double[] StepRatios(double ratio, int steps)
    {
        if (!(ratio is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "a pruning ratio is in [0, 1)");
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, MaxSteps);
        var ratios = new double[steps];
        for (int k = 1; k <= steps; k++)
        {
            double before = ratio * (k - 1) / steps, after = ratio * k / steps;
            ratios[k - 1] = (after - before) / (1 - before);
        }
        return ratios;
    }
}
