using Dlnet.Splits;

namespace Dlnet.Tests.Evaluation;

/// <summary>A run's splits: the plan's windows, and the protocol's defaults that a model folder alone is split by.</summary>
public sealed class RunSplitsTests
{
    private static readonly Series.SeriesSet Fleet = TestFleets.Fading(15, TestFleets.ThreeWay);

    [Fact]
    public void WithoutStridesTheDeploymentWindowsAreTheRunsOwn()
    {
        var splits = RunSplits.Of(new SplitPlan(CellsProtocol.Name, 7), Fleet);
        Assert.Same(splits.Windows, splits.Deployment);
        Assert.Same(splits.Windows.Train, splits.Calibration);
        Assert.Equal(Starts(CellsProtocol.Split(Fleet, new CellsProtocolOptions { Seed = 7 })), Starts(splits.Windows));
    }

    [Fact]
    public void StridesThinTheRunsWindowsButNotTheDeploymentOnes()
    {
        var splits = RunSplits.Of(new SplitPlan(CellsProtocol.Name, 7, TrainStride: 3, EvalStride: 20), Fleet);
        Assert.Equal(Starts(CellsProtocol.Split(Fleet, new CellsProtocolOptions { Seed = 7, TrainStride = 3, EvalStride = 20 })), Starts(splits.Windows));
        Assert.Equal(Starts(CellsProtocol.Split(Fleet, new CellsProtocolOptions { Seed = 7 })), Starts(splits.Deployment));
        Assert.True(splits.Calibration.Count > splits.Windows.Train.Count);

        var paper = RunSplits.Of(new SplitPlan(PaperProtocol.Name, 7, TrainStride: 50), Fleet);
        Assert.Equal(Starts(Protocols.Split(PaperProtocol.Name, Fleet, 7, 50)), Starts(paper.Windows));
        Assert.Equal(Starts(Protocols.Split(PaperProtocol.Name, Fleet, 7)), Starts(paper.Deployment));
    }

    [Fact]
    public void AnAdaptationPlanSplitsTheAdaptationCells()
    {
        // The two longest cells, long enough to adapt on.
        var cells = new AdaptationProtocolOptions { Cells = [.. Fleet.OrderByDescending(s => s.Length).Take(2).Select(s => s.Id)] };
        var splits = RunSplits.Of(SplitPlan.Default with { Adaptation = cells }, Fleet);
        Assert.Equal(Starts(AdaptationProtocol.Split(Fleet, cells)), Starts(splits.Windows));
        Assert.Same(splits.Windows, splits.Deployment);
        Assert.Throws<ArgumentException>(() => RunSplits.Of(new SplitPlan("windows", 7), Fleet));
    }

    private static IEnumerable<(string, int, int)> Starts(ProtocolSplits splits) =>
        splits.All.SelectMany(s => s.Windows.ToArray().Select(w => (s.Name, w.Series, w.Start)));
}
