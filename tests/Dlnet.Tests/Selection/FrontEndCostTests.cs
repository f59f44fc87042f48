using Dlnet.Selection;

namespace Dlnet.Tests.Selection;

public sealed class FrontEndCostTests
{
    [Fact]
    public void TheRunningMedianAddsItsCyclesToEveryPartOfTheEstimate()
    {
        var c = DeviceCalibration.CortexM4F64MHz;
        var estimate = new LatencyEstimate(30_000, 50_000, 30_000 / 64e3, 50_000 / 64e3) { Cycles = 36_000, Milliseconds = 36_000 / 64e3 };
        Assert.Equal(estimate, FrontEndCost.With(estimate, 100, 0));

        var filtered = FrontEndCost.With(estimate, 100, 5);
        Assert.Equal(36_000 + 2_550, filtered.Cycles, 6);
        Assert.Equal(filtered.Cycles / 64e3, filtered.Milliseconds, 9);
        // Its range as the kernels': the calibration's ratios, widened by its error.
        Assert.Equal(30_000 + 2_550 * c.LowRatio / (1 + c.Error), filtered.CyclesLow, 6);
        Assert.Equal(50_000 + 2_550 * c.HighRatio * (1 + c.Error), filtered.CyclesHigh, 6);
        Assert.Equal(filtered.CyclesHigh / 64e3, filtered.MillisecondsHigh, 9);
    }

    [Fact]
    public void OtherWidthsCostTheSlidingSortedWindow()
    {
        var estimate = new LatencyEstimate(30_000, 50_000, 30_000 / 64e3, 50_000 / 64e3) { Cycles = 36_000, Milliseconds = 36_000 / 64e3 };
        // 66.1 cycles a value at width 5, growing with the width: 7 / 5 of it over 100 values.
        Assert.Equal(36_000 + 9_254, FrontEndCost.With(estimate, 100, 7).Cycles, 6);
        Assert.Equal(FrontEndCost.MedianCodeBytes, FrontEndCost.CodeBytes(7));
        Assert.Equal(FrontEndCost.Median5CodeBytes, FrontEndCost.CodeBytes(5));
        Assert.True(FrontEndCost.Median5CodeBytes < FrontEndCost.MedianCodeBytes);
        Assert.Equal(0, FrontEndCost.CodeBytes(0));
    }
}
