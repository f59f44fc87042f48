using CsCheck;
using Dlnet.Pipeline;
using Dlnet.Selection;

namespace Dlnet.Tests.Pipeline;

public sealed class CandidateSelectionTests
{
    /// <summary>Candidates on small integer grids, so that ties and duplicates are common; some without a validation MAE.</summary>
    private static readonly Gen<CandidateRecord[]> Candidates =
        Gen.Select(Gen.Int[0, 8], Gen.Int[1, 8], Gen.Int[1, 8], Gen.Int[1, 8], Gen.Int[1, 8], Gen.Bool)
            .Array[1, 30]
            .Select(rows => rows.Select((r, i) => Record(i, r.Item1 == 0 ? null : r.Item1 * 1e-4, r.Item2 * 1000, r.Item3 * 500, r.Item4 * 100, r.Item5 * 0.2, r.Item6)).ToArray());

    private static readonly Gen<BudgetConfig> Budgets =
        Gen.Select(Gen.Int[1, 9], Gen.Int[1, 9], Gen.Int[1, 9]).Select(b => new BudgetConfig(b.Item1 * 1000 + 6 * 1024, b.Item2 * 100, b.Item3 * 0.2));

    private static readonly Gen<KneeCost> KneeCosts = Gen.Enum<KneeCost>();

    [Fact]
    public void TheFinalModelIsOnTheFrontAndWithinBudget() => Gen.Select(Candidates, Budgets, KneeCosts, Gen.Int[-1, 4]).Sample((raw, budget, knee, t) =>
    {
        double tolerance = t * 0.25;
        var limits = DeploymentCost.ToBudget(budget);
        var candidates = raw.Select(c => c with { WithinBudget = limits.Admits(c.FlashBytes, c.RamBytes, c.LatencyMsHigh) }).ToArray();
        var (front, final) = CandidateSelection.Final(candidates, knee, tolerance);
        var fitting = candidates.Where(c => c.WithinBudget && c.ValidationMae is not null).ToArray();
        if (fitting.Length == 0)
        {
            Assert.Null(final);
            return;
        }
        Assert.NotNull(final);
        Assert.Contains(final, front);
        Assert.True(final.FlashBytes <= budget.FlashBytes && final.RamBytes <= budget.RamBytes && final.LatencyMsHigh <= budget.LatencyMs);
        foreach (var c in fitting)
            Assert.False(ParetoFront.Dominates(CandidateSelection.Objectives(c), CandidateSelection.Objectives(final)), $"{c.Name} dominates the final {final.Name}");
        if (tolerance >= 0)
            Assert.True(final.ValidationMae <= fitting.Min(c => c.ValidationMae!.Value) * (1 + tolerance), $"{final.Name} is outside the error tolerance");
        // Every fitting candidate off the front is dominated by one on it.
        foreach (var c in fitting.Where(c => !front.Contains(c)))
            Assert.Contains(front, f => ParetoFront.Dominates(CandidateSelection.Objectives(f), CandidateSelection.Objectives(c)));
    });

    [Fact]
    public void SurvivorsAreOnTheFrontWithTheKneeFirst() => Gen.Select(Candidates, KneeCosts, Gen.Int[1, 5]).Sample((candidates, knee, max) =>
    {
        var front = CandidateSelection.Front(candidates);
        var survivors = CandidateSelection.Survivors(front, knee, max);
        Assert.Equal(Math.Min(max, front.Count), survivors.Count);
        Assert.All(survivors, s => Assert.Contains(s, front));
        Assert.Equal(survivors.Count, survivors.Select(s => s.Name).Distinct().Count());
        if (front.Count > 0) Assert.Equal(CandidateSelection.Knee(front, knee), survivors[0]);
    });

    [Fact]
    public void TheKneeIsTheElbowOfAClearTradeOff()
    {
        // Error falls steeply down to 4 kB, then barely: the knee is the 4 kB candidate.
        CandidateRecord[] front =
        [
            Record(0, 9e-4, 1000, 100, 100, 0.1, false),
            Record(1, 3e-4, 2000, 200, 100, 0.1, false),
            Record(2, 1e-4, 4000, 400, 100, 0.1, false),
            Record(3, 0.9e-4, 8000, 800, 100, 0.1, false),
            Record(4, 0.8e-4, 16000, 1600, 100, 0.1, false),
        ];
        Assert.Equal("c2", CandidateSelection.Knee(front, KneeCost.Flash).Name);
        // Scaled over the front, c3 lies 0.260 from the knee (0.26 in cost, 0.01 in error), c1 0.276 (0.13, 0.24).
        Assert.Equal(["c2", "c3", "c1"], CandidateSelection.Survivors(front, KneeCost.Flash, 3).Select(c => c.Name));
    }

    private static CandidateRecord Record(int i, double? mae, long bytes, long macs, long ram, double latency, bool stage2) => new()
    {
        Name = $"c{i}",
        Stage = stage2 ? CandidateStages.Stage2 : CandidateStages.Compressed,
        Folder = $"candidates/c{i}",
        Architecture = "student",
        Int8Bytes = bytes,
        FlashBytes = bytes + 6 * 1024,
        Macs = macs,
        RamBytes = ram,
        LatencyMsHigh = latency,
        ValidationMae = mae,
    };
}
