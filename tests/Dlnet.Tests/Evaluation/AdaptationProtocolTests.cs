using Dlnet.IO;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Evaluation;

public class AdaptationProtocolTests
{
    /// <summary>12 cells of 520 to 900 cycles, train, test1, test2 in turn: long enough to adapt on at the default share.</summary>
    private static readonly SeriesSet Fleet = Fading(12, TestFleets.ThreeWay);

    private static SeriesSet Fading(int count, Func<int, string?> split) => new("test fleet", Enumerable.Range(0, count).Select(i =>
    {
        int length = 520 + 35 * i;
        double[] values = [.. Enumerable.Range(0, length).Select(t => 1.02 - 0.2 * Math.Pow((double)t / length, 1.5))];
        var tags = split(i) is string s ? new Dictionary<string, string> { ["split"] = s } : new Dictionary<string, string>();
        return new TimeSeries($"S{i:000}", values, tags);
    }));

    private static AdaptationProtocolOptions Options(params string[] cells) => new() { Cells = cells };

    [Fact]
    public void NoCycleIsBothFittedAndUsedToChoose()
    {
        var splits = AdaptationProtocol.Split(Fleet, Options("S000", "S003"));
        Assert.Equal(AdaptationProtocol.Name, splits.Protocol);
        foreach (int s in new[] { 0, 3 })
        {
            int cut = (int)Math.Round(0.8 * Fleet[s].Length, MidpointRounding.AwayFromZero);
            var fit = splits.Train.Windows.ToArray().Where(w => w.Series == s).ToArray();
            var choose = splits.Validation.Windows.ToArray().Where(w => w.Series == s).ToArray();
            Assert.NotEmpty(fit);
            Assert.NotEmpty(choose);
            // Training windows end before the cut; validation targets begin at or after it.
            Assert.All(fit, w => Assert.True(w.Start + 200 <= cut));
            Assert.All(choose, w => Assert.True(w.Start + 100 >= cut));
            // Every step from the first window on: with a few cells, every window counts.
            Assert.Equal(Enumerable.Range(0, fit.Length), fit.Select(w => w.Start));
            Assert.Equal(Enumerable.Range(choose[0].Start, choose.Length), choose.Select(w => w.Start));
            Assert.Equal(cut - 100, choose[0].Start);
        }
    }

    [Fact]
    public void EveryOtherCellIsHeldOutUnderItsSplitTag()
    {
        var splits = AdaptationProtocol.Split(Fleet, Options("S000", "S003"));
        Assert.Equal(["test1", "test2", AdaptationProtocol.OtherTrainSplit], splits.Reports.Select(r => r.Name));
        Assert.Equal([0, 3], splits.Train.SeriesIndices);
        Assert.Equal([6, 9], splits[AdaptationProtocol.OtherTrainSplit].SeriesIndices);
        foreach (var report in splits.Reports)
        {
            Assert.DoesNotContain(0, report.SeriesIndices);
            Assert.DoesNotContain(3, report.SeriesIndices);
            Assert.All(report.Windows.ToArray(), w => Assert.Equal(0, w.Start % 10));
        }
        // A test cell may be adapted on too; it then leaves its report split.
        var withTest = AdaptationProtocol.Split(Fleet, Options("S001"));
        Assert.DoesNotContain(1, withTest["test1"].SeriesIndices);

        var untagged = Fading(6, _ => null);
        var all = AdaptationProtocol.Split(untagged, Options("S002"));
        Assert.Equal([AdaptationProtocol.HeldOutSplit], all.Reports.Select(r => r.Name));
        Assert.Equal([0, 1, 3, 4, 5], all.Reports[0].SeriesIndices);
    }

    [Fact]
    public void TheDrawTakesTrainCellsByTheSeed()
    {
        var a = AdaptationProtocol.Draw(Fleet, 2, seed: 1);
        Assert.Equal(a, AdaptationProtocol.Draw(Fleet, 2, seed: 1));
        Assert.All(a, c => Assert.Equal("train", Fleet[c].Split));
        Assert.Equal(a.OrderBy(Fleet.IndexOf), a);
        var seen = Enumerable.Range(1, 20).SelectMany(seed => AdaptationProtocol.Draw(Fleet, 2, seed)).ToHashSet();
        Assert.Equal(["S000", "S003", "S006", "S009"], seen.Order());

        // The draw looks at the train cells alone: changing a test cell changes nothing.
        var changed = new SeriesSet("changed", Fleet.Select(s => s.Split == "train" ? s : s with { Values = [.. s.Values.Select(v => v - 0.1)] }));
        Assert.Equal(a, AdaptationProtocol.Draw(changed, 2, seed: 1));

        var e = Assert.Throws<DataFormatException>(() => AdaptationProtocol.Draw(Fleet, 5, seed: 1));
        Assert.Contains("4 of its 4 'train' cells are long enough to adapt on", e.Message);
    }

    [Fact]
    public void CellsTooShortToAdaptOnAreRefusedOrNotDrawn()
    {
        var shortCell = new TimeSeries("Short", [.. Enumerable.Range(0, 240).Select(t => 1.0 - 1e-4 * t)], new Dictionary<string, string> { ["split"] = "train" });
        var fleet = new SeriesSet("fleet", Fleet.Append(shortCell));
        Assert.False(AdaptationProtocol.CanAdaptOn(shortCell, Options()));
        var e = Assert.Throws<DataFormatException>(() => AdaptationProtocol.Split(fleet, Options("S000", "Short")));
        Assert.Contains("cell 'Short' (240 cycles) is too short to adapt on: it needs a window of 200 cycles with all values in (0.5, 1.1] before its last 20% of cycles (at least 100)", e.Message);
        // A shorter cell holds out its last horizon instead of its last 20%: 300 cycles give one window each side of the cut, 299 none.
        TimeSeries Cell(int length) => shortCell with { Values = [.. Enumerable.Range(0, length).Select(t => 1.0 - 1e-4 * t)] };
        Assert.False(AdaptationProtocol.CanAdaptOn(Cell(299), Options()));
        Assert.True(AdaptationProtocol.CanAdaptOn(Cell(300), Options()));
        var minimal = AdaptationProtocol.Split(new SeriesSet("one", [Cell(300), Fleet[1]]), Options("Short"));
        Assert.Equal([new Window(0, 0)], minimal.Train.Windows.ToArray());
        Assert.Equal([new Window(0, 100)], minimal.Validation.Windows.ToArray());
        for (int seed = 1; seed <= 10; seed++) Assert.DoesNotContain("Short", AdaptationProtocol.Draw(fleet, 4, seed));

        Assert.Throws<ArgumentException>(() => AdaptationProtocol.Split(Fleet, Options("S000", "S000")));
        Assert.Throws<ArgumentException>(() => AdaptationProtocol.Split(Fleet, Options("Nope")));
        Assert.Throws<ArgumentException>(() => AdaptationProtocol.Split(Fleet, Options()));
    }
}
