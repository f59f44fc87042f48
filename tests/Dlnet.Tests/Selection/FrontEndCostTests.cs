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
        Assert.Equal(36_000 + 6_610, filtered.Cycles, 6);
        Assert.Equal(filtered.Cycles / 64e3, filtered.Milliseconds, 9);
        // Its range as the kernels': the calibration's ratios, widened by its error.
        Assert.Equal(30_000 + 6_610 * c.LowRatio / (1 + c.Error), filtered.CyclesLow, 6);
        Assert.Equal(50_000 + 6_610 * c.HighRatio * (1 + c.Error), filtered.CyclesHigh, 6);
        Assert.Equal(filtered.CyclesHigh / 64e3, filtered.MillisecondsHigh, 9);
    }
}
