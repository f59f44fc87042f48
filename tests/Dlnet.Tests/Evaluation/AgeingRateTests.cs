using Dlnet.IO;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Evaluation;

/// <summary>Training cells resampled as if they had aged at other rates, and the training windows cut from them.</summary>
public sealed class AgeingRateTests
{
    [Fact]
    public void ResamplingALineScalesItsSlopeByTheRate()
    {
        double[] line = [.. Enumerable.Range(0, 11).Select(i => 1.0 - 0.01 * i)];
        var faster = AgeingRate.Resample(line, 1.25);
        var slower = AgeingRate.Resample(line, 0.8);
        Assert.Equal(9, faster.Length); // cycles 0, 1.25, ..., 10
        Assert.Equal(13, slower.Length); // cycles 0, 0.8, ..., 9.6
        for (int k = 0; k < faster.Length; k++) Assert.Equal(1.0 - 0.0125 * k, faster[k], 12);
        for (int k = 0; k < slower.Length; k++) Assert.Equal(1.0 - 0.008 * k, slower[k], 12);
        Assert.Equal(line, AgeingRate.Resample(line, 1));
        Assert.Equal([1.0, 1.0 - 0.02, 1.0 - 0.04, 1.0 - 0.06, 1.0 - 0.08, 1.0 - 0.1], AgeingRate.Resample(line, 2));
    }

    [Fact]
    public void AMissingValueStaysOutOfNeighboursTheResamplingDoesNotTouch()
    {
        double[] values = [1.0, 0.99, double.NaN, 0.97, 0.96];
        var every2 = AgeingRate.Resample(values, 2); // cycles 0, 2, 4
        Assert.Equal(1.0, every2[0]);
        Assert.True(double.IsNaN(every2[1]));
        Assert.Equal(0.96, every2[2]);
        var halves = AgeingRate.Resample(values, 0.5); // cycles 0, 0.5, 1, 1.5, ...
        Assert.Equal(0.99, halves[2]);
        Assert.True(double.IsNaN(halves[3]));
        Assert.Equal(0.97, halves[6]);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(4.5)]
    [InlineData(double.NaN)]
    [InlineData(0)]
    public void RefusesRatesOutsideTheRange(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AgeingRate.Resample([1.0, 0.9], rate));

    [Fact]
    public void OnlyTrainingCellsAreResampledAndMeasuredCellsKeepTheirIndex()
    {
        var fleet = TestFleets.Fading(15, TestFleets.ThreeWay);
        var measured = CellsProtocol.Split(fleet, new CellsProtocolOptions { Seed = 7, TrainStride = 2 });
        var augmented = CellsProtocol.Split(fleet, new CellsProtocolOptions { Seed = 7, TrainStride = 2, AgeingRates = [0.8, 1.25] });

        // Validation and report windows are the measured cells' alone.
        Assert.Equal(Starts(measured.Validation), Starts(augmented.Validation));
        Assert.Equal(measured.Reports.Select(r => Starts(r)), augmented.Reports.Select(r => Starts(r)));

        var train = augmented.Train;
        Assert.Equal(Starts(measured.Train), Starts(train).Take(measured.Train.Count));
        for (int i = 0; i < fleet.Count; i++) Assert.Same(fleet[i], train.Series[i]);
        int trainCells = measured.Train.SeriesIndices.Count;
        Assert.Equal(fleet.Count + 2 * trainCells, train.Series.Count);
        foreach (int cell in measured.Train.SeriesIndices)
        {
            var copy = train.Series[AgeingRateAugmentation.Name(fleet[cell].Id, 0.8)];
            Assert.Equal(AgeingRate.Resample(fleet[cell].Values, 0.8), copy.Values);
            Assert.Equal(fleet[cell].Split, copy.Split);
        }
        // A slower cell lives longer and gives more windows than the measured ones; a faster one fewer.
        int windowsAt(double rate) => train.Windows.ToArray().Count(w => train.Series[w.Series].Id.EndsWith("@" + rate.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.True(windowsAt(0.8) > measured.Train.Count);
        Assert.True(windowsAt(1.25) < measured.Train.Count);
        Assert.Equal(train.Count, measured.Train.Count + windowsAt(0.8) + windowsAt(1.25));
    }

    [Fact]
    public void TheInt8CalibrationWindowsAreTheMeasuredCellsAlone()
    {
        var fleet = TestFleets.Fading(15, TestFleets.ThreeWay);
        var splits = RunSplits.Of(new SplitPlan(CellsProtocol.Name, 7, AgeingRates: [0.8]), fleet);
        Assert.True(splits.Windows.Train.Count > splits.Calibration.Count);
        Assert.Equal(fleet.Count, splits.Calibration.Series.Count);
        Assert.Equal(
            CellsProtocol.Split(fleet, new CellsProtocolOptions { Seed = 7 }).Train.Windows.ToArray(),
            splits.Calibration.Windows.ToArray());
    }

    [Fact]
    public void ACellNamedLikeAResampledOneIsRefusedByName()
    {
        var fleet = TestFleets.Fading(15, TestFleets.ThreeWay);
        var train = Enumerable.Range(0, fleet.Count).Where(i => fleet[i].Split == "train").ToArray();
        var clash = new SeriesSet("clash.csv", [.. fleet, fleet[train[0]] with { Id = AgeingRateAugmentation.Name(fleet[train[0]].Id, 0.8), Tags = new Dictionary<string, string>() }]);
        var e = Assert.Throws<DataFormatException>(() => AgeingRateAugmentation.TrainingWindows(clash, train, new WindowSpec(100, 100, 2), [0.8]));
        Assert.Contains($"'{fleet[train[0]].Id}@0.8'", e.Message);
        Assert.Throws<ArgumentException>(() => AgeingRateAugmentation.TrainingWindows(fleet, train, new WindowSpec(100, 100, 2), [.. Enumerable.Range(0, 9).Select(i => 0.5 + 0.1 * i)]));
    }

    private static IEnumerable<(int, int)> Starts(WindowSet set) => set.Windows.ToArray().Select(w => (w.Series, w.Start));
}
