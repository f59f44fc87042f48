using Dlnet.IO;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Evaluation;

public class CellsProtocolTests
{
    private static HashSet<int> SeriesOf(WindowSet set) => set.SeriesIndices.ToHashSet();

    [Fact]
    public void TaggedSplitsKeepEverySeriesOnOneSide()
    {
        var fleet = TestFleets.Fading(30, TestFleets.ThreeWay);
        var splits = CellsProtocol.Split(fleet);

        Assert.Equal(["test1", "test2"], splits.Reports.Select(r => r.Name));
        var train = SeriesOf(splits.Train);
        var validation = SeriesOf(splits.Validation);
        Assert.Empty(train.Intersect(validation));
        foreach (var report in splits.Reports)
        {
            Assert.Empty(SeriesOf(report).Intersect(train));
            Assert.Empty(SeriesOf(report).Intersect(validation));
            Assert.All(report.SeriesIndices, s => Assert.Equal(report.Name, fleet[s].Split));
        }
        // Validation is held out of the training cells: 20% of 10.
        Assert.All(train.Concat(validation), s => Assert.Equal("train", fleet[s].Split));
        Assert.Equal(2, validation.Count);
        Assert.Equal(8, train.Count);
    }

    [Fact]
    public void TrainingWindowsStepByOneAndTheOthersByTen()
    {
        var fleet = TestFleets.Fading(12, TestFleets.ThreeWay);
        var splits = CellsProtocol.Split(fleet);
        var expectedTrain = WindowSet.Cut("x", fleet, splits.Train.SeriesIndices, new WindowSpec(100, 100, 1));
        Assert.Equal(expectedTrain.Windows.ToArray(), splits.Train.Windows.ToArray());
        foreach (var set in splits.Reports.Append(splits.Validation))
        {
            Assert.NotEqual(0, set.Count);
            Assert.All(set.Windows.ToArray(), w => Assert.Equal(0, w.Start % 10));
            var expected = WindowSet.Cut("x", fleet, set.SeriesIndices, new WindowSpec(100, 100, 10));
            Assert.Equal(expected.Windows.ToArray(), set.Windows.ToArray());
        }

        var wider = CellsProtocol.Split(fleet, new CellsProtocolOptions { TrainStride = 5, EvalStride = 25 });
        Assert.All(wider.Train.Windows.ToArray(), w => Assert.Equal(0, w.Start % 5));
        Assert.All(wider.Reports[0].Windows.ToArray(), w => Assert.Equal(0, w.Start % 25));
    }

    [Fact]
    public void EveryWindowLiesWithinTheBounds()
    {
        var fleet = TestFleets.Fading(12, TestFleets.ThreeWay);
        var splits = CellsProtocol.Split(fleet);
        foreach (var set in splits.All)
            foreach (var w in set.Windows)
                Assert.True(new WindowSpec().Accepts(fleet[w.Series].Values.AsSpan(w.Start, 200)));
    }

    [Fact]
    public void TheSeedFixesTheValidationCells()
    {
        var fleet = TestFleets.Fading(40, TestFleets.ThreeWay);
        var a = CellsProtocol.Split(fleet, new CellsProtocolOptions { Seed = 7 });
        var b = CellsProtocol.Split(fleet, new CellsProtocolOptions { Seed = 7 });
        Assert.Equal(a.Validation.SeriesIndices, b.Validation.SeriesIndices);
        Assert.Equal(a.Train.Windows.ToArray(), b.Train.Windows.ToArray());
        Assert.Equal(a.Scaler, b.Scaler);
        // Over a handful of seeds the held-out cells must change at least once.
        var other = Enumerable.Range(8, 5).Select(s => CellsProtocol.Split(fleet, new CellsProtocolOptions { Seed = s }).Validation.SeriesIndices);
        Assert.Contains(other, v => !v.SequenceEqual(a.Validation.SeriesIndices));
    }

    [Fact]
    public void UntaggedSeriesAreSplitByCellIntoTrainValidationAndTest()
    {
        var fleet = TestFleets.Fading(20, _ => null);
        var splits = CellsProtocol.Split(fleet, new CellsProtocolOptions { Seed = 3 });
        Assert.Equal(["test"], splits.Reports.Select(r => r.Name));
        var train = SeriesOf(splits.Train);
        var validation = SeriesOf(splits.Validation);
        var test = SeriesOf(splits.Reports[0]);
        Assert.Equal((12, 4, 4), (train.Count, validation.Count, test.Count));
        Assert.Equal(20, train.Union(validation).Union(test).Count());
    }

    [Fact]
    public void ScalerIsFittedOnTrainingWindowsOnly()
    {
        var fleet = TestFleets.Fading(12, TestFleets.ThreeWay);
        var splits = CellsProtocol.Split(fleet);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var w in splits.Train.Windows)
        {
            foreach (double v in fleet[w.Series].Values.AsSpan(w.Start, 200)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        }
        Assert.Equal(new MinMaxScaler(min, max), splits.Scaler);
    }

    [Fact]
    public void TagsWithoutTrainAreABadDataSet()
    {
        var fleet = TestFleets.Fading(6, i => i % 2 == 0 ? "test1" : "test2");
        var e = Assert.Throws<DataFormatException>(() => CellsProtocol.Split(fleet));
        Assert.Contains("train", e.Problem);
    }

    [Fact]
    public void SeriesTooShortForAnyWindowLeaveTrainingEmptyAndSaySo()
    {
        var fleet = new SeriesSet("short", [new TimeSeries("a", new double[150], new Dictionary<string, string> { ["split"] = "train" })]);
        Assert.Throws<DataFormatException>(() => CellsProtocol.Split(fleet));
    }
}
