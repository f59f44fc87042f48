using CsCheck;
using Dlnet.Compression;

namespace Dlnet.Tests.Compression;

public sealed class PruningScheduleTests
{
    [Fact]
    public void ThreeStepsToSixtyPercentCutAFifthAQuarterAndAThird() =>
        Assert.Equal([0.2, 0.25, 1.0 / 3], PruningSchedule.StepRatios(0.6, 3), (a, b) => Math.Abs(a - b) < 1e-15);

    [Fact]
    public void OneStepIsTheRatioItself() => Assert.Equal([0.35], PruningSchedule.StepRatios(0.35, 1));

    [Fact]
    public void TheKeptSharesMultiplyToWhatTheRatioKeepsAndEachStepCutsAnEqualShareOfTheOriginal() =>
        Gen.Select(Gen.Double[0, 0.99], Gen.Int[1, PruningSchedule.MaxSteps]).Sample((ratio, steps) =>
        {
            double kept = 1;
            foreach (double r in PruningSchedule.StepRatios(ratio, steps))
            {
                Assert.InRange(r, 0, ratio);
                double before = kept;
                kept *= 1 - r;
                Assert.Equal(ratio / steps, before - kept, 1e-12);
            }
            Assert.Equal(1 - ratio, kept, 1e-12);
        });

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.5, 11)]
    [InlineData(1.0, 2)]
    [InlineData(-0.1, 2)]
    [InlineData(double.NaN, 2)]
    public void RatiosOutsideZeroToOneAndStepCountsOutsideOneToTenAreRefused(double ratio, int steps) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PruningSchedule.StepRatios(ratio, steps));
}
