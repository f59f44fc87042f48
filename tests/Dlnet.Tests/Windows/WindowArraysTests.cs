using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Windows;

/// <summary>
/// Windows cut from series are read where they lie: a window set of a long fleet costs its window list, not a copy
/// of every window (which at a window every other step is a hundred times the series).
/// </summary>
public class WindowArraysTests
{
    [Fact]
    public void RowsAreTheSeriesSlicesInOrder()
    {
        var two = new SeriesSet("two",
        [
            new TimeSeries("a", Enumerable.Range(0, 10).Select(i => 100.0 + i).ToArray()),
            new TimeSeries("b", Enumerable.Range(0, 8).Select(i => 200.0 + i).ToArray()),
        ]);
        var arrays = WindowArrays.From(new WindowSet("s", two, 3, 2, [new Window(0, 0), new Window(1, 3), new Window(0, 5)]));
        Assert.Equal([203.0, 204, 205], arrays.History(1).ToArray());
        Assert.Equal([108.0, 109], arrays.Target(2).ToArray());
        var batch = new double[6];
        arrays.CopyHistories(1, 2, batch);
        Assert.Equal([203.0, 204, 205, 105, 106, 107], batch);
        Assert.Equal([100.0, 101, 102, 203, 204, 205, 105, 106, 107], arrays.AllHistories());
        Assert.Equal([103.0, 104, 206, 207, 108, 109], arrays.AllTargets());
        Assert.Throws<ArgumentOutOfRangeException>(() => arrays.CopyTargets(2, 2, new double[4]));
    }

    [Fact]
    public void AFleetsWindowsCostNoCopyOfTheirValues()
    {
        // 40 series of 2,000 steps, a window of 100 + 100 at every step: 72,040 windows of 1,600 bytes (115 MB as a copy).
        var fleet = new SeriesSet("fleet", [.. Enumerable.Range(0, 40).Select(s => new TimeSeries($"c{s}", Enumerable.Range(0, 2000).Select(i => 1.0 - i * 1e-4).ToArray()))]);
        var windows = WindowSet.Cut("train", fleet, Enumerable.Range(0, 40), new WindowSpec(100, 100, 1));
        Assert.Equal(40 * 1801, windows.Count);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var arrays = WindowArrays.From(windows);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The window list (8 bytes a window) and the series references; a copy would be 200 times the list.
        Assert.True(allocated < 16L * windows.Count, $"{allocated:N0} bytes for {windows.Count:N0} windows");
        Assert.Equal(fleet[39].Values.AsSpan(1800, 100).ToArray(), arrays.History(windows.Count - 1).ToArray());
    }
}
