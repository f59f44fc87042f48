using CsCheck;
using Dlnet.Selection;

namespace Dlnet.Tests.Selection;

public sealed class ParetoFrontTests
{
    // Small integer grids make ties and duplicates common, which is where dominance code goes wrong.
    private static readonly Gen<double[][]> Clouds =
        Gen.Int[1, 4].SelectMany(dims => Gen.Int[0, 6].Select(v => (double)v).Array[dims].Array[0, 40]);

    [Fact]
    public void NoPointOnTheFrontIsDominated() => Clouds.Sample(points =>
    {
        int[] front = ParetoFront.Indices(points);
        foreach (int i in front)
            Assert.DoesNotContain(points, p => ParetoFront.Dominates(p, points[i]));
    });

    [Fact]
    public void EveryPointOffTheFrontIsDominatedByOneOnIt() => Clouds.Sample(points =>
    {
        var front = ParetoFront.Indices(points).ToHashSet();
        for (int i = 0; i < points.Length; i++)
            if (!front.Contains(i))
                Assert.Contains(front, j => ParetoFront.Dominates(points[j], points[i]));
    });

    [Fact]
    public void DuplicatesStayTogetherAndNaNNeverQualifies()
    {
        double[][] points = [[1, 2], [1, 2], [0, 5], [double.NaN, 0], [2, 2]];
        Assert.Equal([0, 1, 2], ParetoFront.Indices(points));
    }

    [Fact]
    public void BudgetsAreRespectedBeforeTheFrontIsTaken() => Gen.Select(Gen.Long[0, 2000].Array[1, 30], Gen.Long[0, 2000])
        .Sample((flash, limit) =>
        {
            var budget = new Budget(MaxFlashBytes: limit);
            var admitted = flash.Where(f => budget.Admits(f, 0, 0)).Select(f => new[] { (double)f, 1.0 / (1 + f) }).ToArray();
            foreach (int i in ParetoFront.Indices(admitted)) Assert.True(admitted[i][0] <= limit);
        });

    [Fact]
    public void KneeIsTheBendOfAnLShapedFront()
    {
        // Error falls steeply until cost 3, then barely: the knee is at cost 3.
        var points = new[] { (1.0, 10.0), (2.0, 5.0), (3.0, 1.0), (6.0, 0.8), (10.0, 0.7) };
        Assert.Equal(2, KneePoint.Find(points));
    }

    [Fact]
    public void KneeOfAStraightFrontIsTheLowestError()
    {
        var points = new[] { (1.0, 3.0), (2.0, 2.0), (3.0, 1.0) };
        Assert.Equal(2, KneePoint.Find(points));
    }
}
