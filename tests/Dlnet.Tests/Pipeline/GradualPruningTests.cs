using Dlnet.Pipeline;

namespace Dlnet.Tests.Pipeline;

public sealed class GradualPruningTests
{
    // Two stage-1 students, each compressed at 0 and 0.2 to 0.8; a is over the budget up to 0.4, b up to 0.6.
    static readonly CandidateRecord[] Compressed =
    [
        .. CompressedAt("a", 0.4),
        .. CompressedAt("b", 0.6),
    ];

    static IEnumerable<CandidateRecord> CompressedAt(string student, double lastOver) =>
        new[] { 0, 0.2, 0.4, 0.6, 0.8 }.Select(r => new CandidateRecord
        {
            Name = $"cp-{student}-p{r * 100:0}",
            Stage = CandidateStages.Compressed,
            Parent = $"s1-{student}",
            Folder = $"candidates/cp-{student}-p{r * 100:0}",
            Architecture = "student",
            PruneRatio = r,
            WithinBudget = r > lastOver,
        });

    [Fact]
    public void OneCutStartsStageTwoFromTheCandidatesWithinTheBudget() =>
        Assert.Equal(["cp-a-p60", "cp-a-p80", "cp-b-p80"], GradualPruning.Admitted(Compressed, steps: 1).Select(c => c.Name));

    [Fact]
    public void CutsInStepsAlsoStartFromEachStudentsLargestRatioOverTheBudget() =>
        Assert.Equal(["cp-a-p40", "cp-a-p60", "cp-a-p80", "cp-b-p60", "cp-b-p80"], GradualPruning.Admitted(Compressed, steps: 3).Select(c => c.Name));

    [Fact]
    public void AStudentOverTheBudgetOnlyUnprunedAddsNothing()
    {
        // Ratio 0 is not pruned in steps, so its size is the one-cut candidate's: over the budget it stays out.
        var compressed = CompressedAt("c", 0).ToArray();
        Assert.Equal(["cp-c-p20", "cp-c-p40", "cp-c-p60", "cp-c-p80"], GradualPruning.Admitted(compressed, steps: 2).Select(c => c.Name));
    }
}
