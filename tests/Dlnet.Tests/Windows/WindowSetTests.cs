using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Windows;

public class WindowSetTests
{
    private static readonly SeriesSet Two = new("two",
    [
        new TimeSeries("a", Enumerable.Range(0, 10).Select(i => 100.0 + i).ToArray()),
        new TimeSeries("b", Enumerable.Range(0, 8).Select(i => 200.0 + i).ToArray()),
    ]);

    [Fact]
    public void CopiesInputsAndTargetsOfARangeBackToBack()
    {
        var set = new WindowSet("s", Two, 3, 2, [new Window(0, 0), new Window(1, 3), new Window(0, 5)]);
        var inputs = new double[6];
        var targets = new double[4];
        set.CopyInputs(1, 2, inputs);
        set.CopyTargets(1, 2, targets);
        Assert.Equal([203, 204, 205, 105, 106, 107], inputs);
        Assert.Equal([206, 207, 108, 109], targets);

        var floats = new float[3];
        set.CopyInputs(0, 1, floats);
        Assert.Equal([100f, 101f, 102f], floats);
        var floatTargets = new float[2];
        set.CopyTargets(2, 1, floatTargets);
        Assert.Equal([108f, 109f], floatTargets);
    }

    [Fact]
    public void RejectsWindowsPastTheEndAndShortBuffers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowSet("s", Two, 3, 2, [new Window(1, 4)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowSet("s", Two, 3, 2, [new Window(2, 0)]));
        var set = new WindowSet("s", Two, 3, 2, [new Window(0, 0), new Window(0, 1)]);
        Assert.Throws<ArgumentException>(() => set.CopyInputs(0, 2, new double[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.CopyTargets(1, 2, new double[4]));
    }

    [Fact]
    public void CutTakesSeriesInTheGivenOrderAndFilters()
    {
        var set = WindowSet.Cut("s", Two, [1, 0], new WindowSpec(3, 2, 2) { Bounds = new ValueBounds(0, 205.5) });
        // b fits starts 0 and 2, but start 2 reaches 206, above the bound; a fits starts 0, 2, 4.
        Assert.Equal([new Window(1, 0), new Window(0, 0), new Window(0, 2), new Window(0, 4)], set.Windows.ToArray());
        Assert.Equal([0, 1], set.SeriesIndices);
        Assert.Equal(3, set.Where("a only", s => s == 0).Count);
    }
}
