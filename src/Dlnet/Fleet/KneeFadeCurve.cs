namespace Dlnet.Fleet;

/// <summary>
/// Empirical capacity-fade curve of a lithium-ion cell: a slow linear fade, the steady loss of lithium
/// to the solid-electrolyte interphase, plus an exponential term that is negligible early and takes over
/// near end of life, the knee where plating and loss of active material feed on each other:
/// <c>SOH(n) = q0 - a*n - b*(exp(n/tau) - 1)</c>, with <c>n</c> the cycle number.
/// </summary>
/// <param name="InitialSoh"><c>q0</c>: SOH of the fresh cell (cycle 0), a little above 1 when the rated capacity is conservative.</param>
/// <param name="LinearFadePerCycle"><c>a</c> &gt;= 0: SOH lost per cycle by the linear mechanism.</param>
/// <param name="KneeAmplitude"><c>b</c> &gt; 0: scale of the accelerating term.</param>
/// <param name="KneeCycles"><c>tau</c> &gt; 0: cycles for the accelerating term to grow by a factor e.</param>
public sealed record KneeFadeCurve(double InitialSoh, double LinearFadePerCycle, double KneeAmplitude, double KneeCycles)
{
    /// <summary>SOH at cycle <paramref name="cycle"/>; strictly decreasing in the cycle.</summary>
    public double SohAt(double cycle) =>
        InitialSoh - LinearFadePerCycle * cycle - KneeAmplitude * (Math.Exp(cycle / KneeCycles) - 1.0);

    /// <summary>
    /// The curve that falls from <paramref name="initialSoh"/> to <paramref name="endOfLifeSoh"/> at cycle
    /// <paramref name="endOfLifeCycle"/>, of which fade a share <paramref name="linearShare"/> is linear and the
    /// rest exponential with <c>tau = endOfLifeCycle / kneeSharpness</c>.
    /// </summary>
    /// <param name="initialSoh"><c>q0</c>, above <paramref name="endOfLifeSoh"/>.</param>
    /// <param name="endOfLifeSoh">SOH at end of life, typically 0.80.</param>
    /// <param name="endOfLifeCycle">Cycle (need not be whole) at which the curve reaches <paramref name="endOfLifeSoh"/>.</param>
    /// <param name="linearShare">In [0, 1): 0 is a pure exponential knee, near 1 a straight line.</param>
    /// <param name="kneeSharpness">
    /// Cycle life in units of <c>tau</c>, &gt; 0. The larger, the later and more abrupt the knee: at 6, half of the
    /// exponential fade happens in the last 12% of life.
    /// </param>
    public static KneeFadeCurve ThroughEndOfLife(
        double initialSoh, double endOfLifeSoh, double endOfLifeCycle, double linearShare, double kneeSharpness)
    {
        if (!(initialSoh > endOfLifeSoh)) throw new ArgumentOutOfRangeException(nameof(initialSoh), initialSoh, "initial SOH must be above the end-of-life SOH");
        if (!(endOfLifeCycle > 0)) throw new ArgumentOutOfRangeException(nameof(endOfLifeCycle), endOfLifeCycle, "must be positive");
        if (!(linearShare >= 0 && linearShare < 1)) throw new ArgumentOutOfRangeException(nameof(linearShare), linearShare, "must be in [0, 1)");
        if (!(kneeSharpness > 0)) throw new ArgumentOutOfRangeException(nameof(kneeSharpness), kneeSharpness, "must be positive");

        double totalFade = initialSoh - endOfLifeSoh;
        double a = linearShare * totalFade / endOfLifeCycle;
        double b = (1.0 - linearShare) * totalFade / (Math.Exp(kneeSharpness) - 1.0);
        return new KneeFadeCurve(initialSoh, a, b, endOfLifeCycle / kneeSharpness);
    }
}
