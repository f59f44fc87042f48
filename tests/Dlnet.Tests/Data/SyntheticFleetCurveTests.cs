using Dlnet.Fleet;

namespace Dlnet.Tests.Data;

public class SyntheticFleetCurveTests
{
    [Theory]
    [InlineData(1.004, 700.5, 0.1, 6.0)]
    [InlineData(1.0, 149.5, 0.0, 4.0)]
    [InlineData(1.007, 2499.5, 0.25, 8.0)]
    public void CurveThroughEndOfLifeHitsItAndSplitsTheFadeAsAsked(double q0, double life, double linearShare, double sharpness)
    {
        var curve = KneeFadeCurve.ThroughEndOfLife(q0, 0.80, life, linearShare, sharpness);
        Assert.Equal(q0, curve.SohAt(0), 15);
        Assert.Equal(0.80, curve.SohAt(life), 12);
        Assert.Equal(linearShare * (q0 - 0.80), curve.LinearFadePerCycle * life, 15);
        Assert.Equal(life / sharpness, curve.KneeCycles, 12);
    }

    [Fact]
    public void CurveIsStrictlyDecreasing()
    {
        var curve = KneeFadeCurve.ThroughEndOfLife(1.003, 0.80, 500, 0.05, 5);
        for (int n = 1; n <= 600; n++) Assert.True(curve.SohAt(n) < curve.SohAt(n - 1));
    }

    [Fact]
    public void BadCurveParametersAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KneeFadeCurve.ThroughEndOfLife(0.79, 0.80, 500, 0.1, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => KneeFadeCurve.ThroughEndOfLife(1.0, 0.80, 0, 0.1, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => KneeFadeCurve.ThroughEndOfLife(1.0, 0.80, 500, 1.0, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => KneeFadeCurve.ThroughEndOfLife(1.0, 0.80, 500, 0.1, 0));
    }
}
