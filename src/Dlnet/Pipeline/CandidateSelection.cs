using Dlnet.Selection;

namespace Dlnet.Pipeline;

/// <summary>
/// The choices of a run: the Pareto front of candidates over (validation MAE, int8 bytes, MACs), all
/// minimised; its knee over (one cost, validation MAE); and the stage-1 survivors, the knee first and
/// then the front members nearest to it. Candidates without a validation MAE are never on a front.
/// Ties keep the order the candidates are given in, so a choice depends on the candidates alone.
/// </summary>
public static class CandidateSelection
{
    /// <summary>The objectives of the fronts: validation MAE, int8 bytes, MACs.</summary>
    public static double[] Objectives(CandidateRecord c) =>
        [c.ValidationMae ?? double.NaN, c.Int8Bytes, c.Macs];

    /// <summary>The non-dominated candidates, in input order.</summary>
    public static IReadOnlyList<CandidateRecord> Front(IReadOnlyList<CandidateRecord> candidates) =>
        ParetoFront.Of(candidates, Objectives);

    public static double Cost(CandidateRecord c, KneeCost kneeCost) => kneeCost switch
    {
        KneeCost.Flash => c.FlashBytes,
        KneeCost.Macs => c.Macs,
        KneeCost.Latency => c.LatencyMsHigh,
        _ => throw new ArgumentOutOfRangeException(nameof(kneeCost), kneeCost, null),
    };

    /// <summary>
    /// The knee of <paramref name="front"/> (which must be a front): of the members that are also
    /// non-dominated in (cost, error) alone, the one <see cref="KneePoint"/> picks.
    /// </summary>
    public static CandidateRecord Knee(IReadOnlyList<CandidateRecord> front, KneeCost kneeCost)
    {
        if (front.Count == 0) throw new ArgumentException("an empty front has no knee", nameof(front));
        var plane = ParetoFront.Of(front, c => [Cost(c, kneeCost), c.ValidationMae ?? double.NaN]);
        if (plane.Count == 0) throw new ArgumentException("no candidate on the front has a validation MAE", nameof(front));
        return plane[KneePoint.Find([.. plane.Select(c => (Cost(c, kneeCost), c.ValidationMae!.Value))])];
    }

    /// <summary>
    /// The final choice among <paramref name="candidates"/>: the front of those within the budget, and the
    /// knee of its members whose validation MAE is within <paramref name="errorTolerance"/> of the front's
    /// best (all of them when the tolerance is negative); null when none fits.
    /// </summary>
    public static (IReadOnlyList<CandidateRecord> Front, CandidateRecord? Final) Final(IReadOnlyList<CandidateRecord> candidates, KneeCost kneeCost,
        double errorTolerance = -1)
    {
        var front = Front([.. candidates.Where(c => c.WithinBudget)]);
        if (front.Count == 0) return (front, null);
        double best = front.Min(c => c.ValidationMae ?? double.PositiveInfinity);
        var accurate = errorTolerance < 0 || !double.IsFinite(best)
            ? front
            : [.. front.Where(c => c.ValidationMae <= best * (1 + errorTolerance))];
        return (front, Knee(accurate, kneeCost));
    }

    /// <summary>
    /// Up to <paramref name="max"/> members of <paramref name="front"/>: the knee, then the others by their
    /// distance to it once cost and error are scaled to [0, 1] over the front.
    /// </summary>
    public static IReadOnlyList<CandidateRecord> Survivors(IReadOnlyList<CandidateRecord> front, KneeCost kneeCost, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (front.Count == 0) return [];
        var knee = Knee(front, kneeCost);
        double Scale(Func<CandidateRecord, double> f, CandidateRecord c)
        {
            double lo = front.Min(f), hi = front.Max(f);
            return hi > lo ? (f(c) - lo) / (hi - lo) : 0;
        }
        double Distance(CandidateRecord c)
        {
            double dx = Scale(x => Cost(x, kneeCost), c) - Scale(x => Cost(x, kneeCost), knee);
            double dy = Scale(x => x.ValidationMae!.Value, c) - Scale(x => x.ValidationMae!.Value, knee);
            return Math.Sqrt(dx * dx + dy * dy);
        }
        // OrderBy is stable: equal distances keep the front's order.
        return [knee, .. front.Where(c => c.Name != knee.Name).OrderBy(Distance).Take(max - 1)];
    }
}
