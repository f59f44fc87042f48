namespace Dlnet.Tests;

public class SmokeTests
{
    [Fact]
    public void SeriesSetRejectsDuplicateIds()
    {
        var a = new Dlnet.Series.TimeSeries("a", [1.0]);
        Assert.Throws<ArgumentException>(() => new Dlnet.Series.SeriesSet("t", [a, a]));
    }
}
