using Dlnet.Optimization;
using Dlnet.Pipeline;
using Dlnet.Training;

namespace Dlnet.Tests.Pipeline;

public class RestartsTests
{
    [Fact]
    public void TheFirstTrainingHasTheRunsSeedAndTheOthersTheirOwn()
    {
        Assert.Equal(7, Restarts.Seed(7, 0));
        int[] seeds = [.. Enumerable.Range(0, Restarts.Max).Select(k => Restarts.Seed(7, k))];
        Assert.Equal(seeds.Length, seeds.Distinct().Count());
        Assert.Equal(int.MinValue + 999, Restarts.Seed(int.MaxValue, 1));
    }

    [Theory]
    [InlineData(new[] { 0.3, 0.1, 0.2 }, 1)]
    [InlineData(new[] { 0.1, 0.2, 0.1 }, 0)]
    [InlineData(new[] { double.NaN, 0.5, double.NaN }, 1)]
    [InlineData(new[] { double.NaN, double.NaN }, 0)]
    [InlineData(new[] { 0.4 }, 0)]
    public void TheLowestValidationMaeIsKeptTheEarliestOnATie(double[] maes, int kept)
    {
        var asked = new List<int>();
        var best = Restarts.Best(maes.Length, restart => { asked.Add(restart); return Trained(maes[restart], StopReason.EarlyStopping, restart); });
        Assert.Equal(Enumerable.Range(0, maes.Length), asked);
        Assert.Equal(kept, best.Result.EpochsRun);
    }

    [Fact]
    public void ACancelledTrainingEndsTheSearch()
    {
        var asked = new List<int>();
        var best = Restarts.Best(3, restart => { asked.Add(restart); return Trained(0.1, restart == 1 ? StopReason.Cancelled : StopReason.Completed, restart); });
        Assert.Equal([0, 1], asked);
        Assert.Equal(StopReason.Cancelled, best.Result.StopReason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Restarts.Max + 1)]
    public void TheCountIsChecked(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Restarts.Best(count, r => Trained(0.1, StopReason.Completed, r)));

    [Fact]
    public void ProgressCountsEpochsOverEveryTraining()
    {
        var heard = new List<EpochReport>();
        var sink = new EpochProgress(heard.Add);
        Assert.Same(sink, Restarts.Progress(sink, 0, 1));
        Assert.Null(Restarts.Progress(null, 1, 3));
        var report = new EpochReport(5, 10, 0.1, 0.2, 1e-3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), IsBest: true);
        Restarts.Progress(sink, 1, 3)!.Report(report);
        var relayed = Assert.Single(heard);
        Assert.Equal((15, 30), (relayed.Epoch, relayed.Epochs));
        Assert.Equal(TimeSpan.FromSeconds(3 + 5), relayed.Remaining);
        Assert.Equal(report with { Epoch = 15, Epochs = 30, Remaining = relayed.Remaining }, relayed);
    }

    /// <summary>A training outcome of that validation MAE, which tells its restart by <c>EpochsRun</c>.</summary>
    private static TrainedForecaster Trained(double mae, StopReason stop, int restart) =>
        new(null!, null!, new TrainingResult(restart, 1, mae, stop, TimeSpan.Zero, []));
}
