using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Evaluation;

public class PaperProtocolTests
{
    [Fact]
    public void EachSeriesWindowsAreSharedOutWithoutOverlapOrLoss()
    {
        var fleet = TestFleets.Fading(15, _ => null);
        var splits = PaperProtocol.Split(fleet, new PaperProtocolOptions { Excluded = new HashSet<string> { "S004" } });
        Assert.Equal(["test"], splits.Reports.Select(r => r.Name));
        var test = splits.Reports[0];

        for (int s = 0; s < fleet.Count; s++)
        {
            var all = new List<Window>();
            new WindowSpec(100, 100, 40).Cut(fleet[s].Values, s, all);
            var train = splits.Train.Windows.ToArray().Where(w => w.Series == s).ToList();
            var validation = splits.Validation.Windows.ToArray().Where(w => w.Series == s).ToList();
            var tested = test.Windows.ToArray().Where(w => w.Series == s).ToList();
            if (fleet[s].Id == "S004")
            {
                Assert.Empty(train.Concat(validation).Concat(tested));
                continue;
            }
            Assert.Equal(all.OrderBy(w => w.Start), train.Concat(validation).Concat(tested).OrderBy(w => w.Start));
            int n = all.Count;
            int expectedTest = n < 2 ? 0 : Math.Clamp((int)Math.Round(0.2 * n, MidpointRounding.AwayFromZero), 1, n - 1);
            Assert.Equal(expectedTest, tested.Count);
            Assert.All(all, w => Assert.Equal(0, w.Start % 40));
        }
    }

    [Fact]
    public void TheSeedFixesWhichWindowsAreTested()
    {
        var fleet = TestFleets.Fading(10, _ => null);
        var a = PaperProtocol.Split(fleet, new PaperProtocolOptions { Seed = 5 });
        var b = PaperProtocol.Split(fleet, new PaperProtocolOptions { Seed = 5 });
        var c = PaperProtocol.Split(fleet, new PaperProtocolOptions { Seed = 6 });
        Assert.Equal(a.Reports[0].Windows.ToArray(), b.Reports[0].Windows.ToArray());
        Assert.Equal(a.Validation.Windows.ToArray(), b.Validation.Windows.ToArray());
        Assert.NotEqual(a.Reports[0].Windows.ToArray(), c.Reports[0].Windows.ToArray());
    }

    [Fact]
    public void BatFortyThreeIsExcludedByDefault()
    {
        var values = Enumerable.Range(0, 400).Select(t => 1.0 - 0.0002 * t).ToArray();
        var fleet = new SeriesSet("x", [new TimeSeries("Bat042", values), new TimeSeries("Bat043", values)]);
        var splits = PaperProtocol.Split(fleet);
        Assert.DoesNotContain(1, splits.All.SelectMany(s => s.SeriesIndices));
        Assert.Contains(0, splits.Train.SeriesIndices);
    }

    [Fact]
    public void ProtocolsAreChosenByName()
    {
        var fleet = TestFleets.Fading(10, TestFleets.ThreeWay);
        Assert.Equal("paper", Protocols.Split("paper", fleet, 1, 50).Protocol);
        Assert.All(Protocols.Split("paper", fleet, 1, 50).Train.Windows.ToArray(), w => Assert.Equal(0, w.Start % 50));
        Assert.All(Protocols.Split("cells", fleet, 1, 30).Reports[0].Windows.ToArray(), w => Assert.Equal(0, w.Start % 30));
        Assert.Throws<ArgumentException>(() => Protocols.Split("windows", fleet, 1));
    }
}
