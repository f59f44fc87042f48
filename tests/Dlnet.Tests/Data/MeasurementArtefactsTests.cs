using Dlnet.Fleet;

namespace Dlnet.Tests.Data;

/// <summary>
/// Each artefact of the generator, alone on a long curve, against the sizes it was given: the statistics of what
/// it adds must match the configured rates, shares and size laws within their sampling error.
/// </summary>
public class MeasurementArtefactsTests
{
    private const int Cycles = 400_000;

    private static readonly MeasurementArtefactOptions None = MeasurementArtefactOptions.None;

    /// <summary>A strictly falling curve, so that the cycle of every value left can be read back from it.</summary>
    private static double[] Curve() => [.. Enumerable.Range(0, Cycles).Select(t => 1.0 - 1e-7 * t)];

    private static double[] Added(MeasurementArtefactOptions options, int seed = 1)
    {
        double[] clean = Curve();
        double[] measured = MeasurementArtefacts.Apply(clean, options, new Random(seed));
        Assert.Equal(clean.Length, measured.Length);
        return [.. measured.Zip(clean, (m, c) => m - c)];
    }

    [Fact]
    public void NoiseHasTheCellsSpreadAroundTheMedian()
    {
        // With no spread between cells every cell's sd is the median.
        double[] e = Added(None with { NoiseMedian = 2e-4, NoiseLogStdDev = 0 });
        double sd = Math.Sqrt(e.Sum(x => x * x) / e.Length);
        Assert.InRange(sd, 0.99 * 2e-4, 1.01 * 2e-4);
        // With the spread, the log of the cells' sd has the configured standard deviation.
        double[] logs = [.. Enumerable.Range(0, 400).Select(seed =>
        {
            double[] cell = MeasurementArtefacts.Apply(new double[2000], None with { NoiseMedian = 1e-4, NoiseLogStdDev = 0.75 }, new Random(seed));
            return Math.Log(Math.Sqrt(cell.Sum(x => x * x) / cell.Length));
        })];
        double mean = logs.Average();
        Assert.InRange(Math.Exp(mean), 0.9e-4, 1.1e-4);
        Assert.InRange(Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Length - 1)), 0.68, 0.82);
    }

    [Fact]
    public void SpikesHaveTheirRateSignLengthAndSizeLaw()
    {
        var o = None with { SpikeRate = 0.0124, SpikeDipShare = 0.95, SpikeExponent = 1.76, SpikeMax = 0.12, SpikeContinuation = 0.13 };
        double[] e = Added(o);
        var spikes = new List<(double Size, int Length)>();
        for (int t = 0; t < e.Length; t++)
        {
            // Curve plus spike minus curve is the spike to rounding (1e-16), far below the floor of 1e-3.
            if (Math.Abs(e[t]) < 1e-9) continue;
            int start = t;
            while (t + 1 < e.Length && Math.Abs(e[t + 1] - e[start]) < 1e-9) t++;
            spikes.Add((e[start], t - start + 1));
        }
        // About 4,960 spikes: rate within 5%, shares within a few standard errors.
        Assert.InRange(spikes.Count / (double)Cycles, 0.95 * 0.0124, 1.05 * 0.0124);
        Assert.InRange(spikes.Count(s => s.Size < 0) / (double)spikes.Count, 0.94, 0.96);
        Assert.InRange(spikes.Sum(s => s.Length - 1) / (double)spikes.Sum(s => s.Length), 0.11, 0.15);
        Assert.All(spikes, s => Assert.InRange(Math.Abs(s.Size), ArtefactMeasurement.EventFloor, 0.12));
        // P(size > x) = (x / 1e-3)^-1.76: 0.296 above 2e-3, 0.0174 above 1e-2.
        Assert.InRange(spikes.Count(s => Math.Abs(s.Size) > 2e-3) / (double)spikes.Count, 0.296 - 0.02, 0.296 + 0.02);
        Assert.InRange(spikes.Count(s => Math.Abs(s.Size) > 1e-2) / (double)spikes.Count, 0.0174 - 0.006, 0.0174 + 0.006);
    }

    [Fact]
    public void StepsLastAndHaveTheirRateAndSizes()
    {
        var o = None with { StepRate = 0.0017, StepUpShare = 0.5, StepExponent = 5, StepMax = 0.006 };
        double[] e = Added(o);
        var steps = new List<double>();
        for (int t = 1; t < e.Length; t++)
            if (Math.Abs(e[t] - e[t - 1]) > 1e-9) steps.Add(e[t] - e[t - 1]);
        if (Math.Abs(e[0]) > 1e-9) steps.Add(e[0]);
        // About 680 steps: rate within 12%.
        Assert.InRange(steps.Count / (double)Cycles, 0.88 * 0.0017, 1.12 * 0.0017);
        Assert.InRange(steps.Count(s => s > 0) / (double)steps.Count, 0.44, 0.56);
        Assert.All(steps, s => Assert.InRange(Math.Abs(s), 0.999 * ArtefactMeasurement.EventFloor, 0.006 * 1.001));
        // P(size > 1.2e-3) = 1.2^-5 = 0.40.
        Assert.InRange(steps.Count(s => Math.Abs(s) > 1.2e-3) / (double)steps.Count, 0.34, 0.46);
    }

    [Fact]
    public void RecoveriesRiseAndFadeWithTheirHalfLife()
    {
        var o = None with { RecoveryRate = 0.00043, RecoveryExponent = 2, RecoveryMax = 0.009, RecoveryHalfLife = 6 };
        double[] e = Added(o);
        double fade = Math.Pow(0.5, 1 / 6.0);
        int rises = 0;
        for (int t = 1; t < e.Length; t++)
        {
            double expected = e[t - 1] * fade;
            if (Math.Abs(e[t] - expected) <= 1e-12) continue;
            // Anything but the fade is a new rise, of at least the floor.
            Assert.InRange(e[t] - expected, 0.999 * ArtefactMeasurement.EventFloor, 0.009 * 1.001);
            rises++;
        }
        // About 172 rises.
        Assert.InRange(rises / (double)Cycles, 0.78 * 0.00043, 1.22 * 0.00043);
    }

    [Fact]
    public void MissingCyclesComeInRunsOfTheConfiguredMeanLength()
    {
        double[] clean = Curve();
        double[] kept = MeasurementArtefacts.Apply(clean, None with { GapRate = 0.0125, GapMeanLength = 2.3 }, new Random(3));
        // Read each kept value's cycle back from the falling curve.
        int[] cycles = [.. kept.Select(v => (int)Math.Round((1.0 - v) / 1e-7))];
        Assert.Equal(cycles.Order(), cycles);
        var runs = new List<int>();
        for (int i = 1; i < cycles.Length; i++)
            if (cycles[i] - cycles[i - 1] > 1) runs.Add(cycles[i] - cycles[i - 1] - 1);
        // About 4,860 runs.
        // Runs start among the cycles left, so per cycle of the curve a little less often than asked: 0.0125 / (1 + 0.0125 x 2.3).
        Assert.InRange(runs.Count / (double)Cycles, 0.95 * 0.01215, 1.05 * 0.01215);
        Assert.InRange(runs.Average(), 0.95 * 2.3, 1.05 * 2.3);
        Assert.InRange(runs.Count(r => r == 1) / (double)runs.Count, 1 / 2.3 - 0.03, 1 / 2.3 + 0.03);

        // A sparse cell keeps each cycle with the chance asked.
        double[] sparse = MeasurementArtefacts.Apply(clean, None with { SparseCellShare = 1, SparseMissingShare = 0.59 }, new Random(4));
        Assert.InRange(1 - sparse.Length / (double)Cycles, 0.585, 0.595);
    }

    [Fact]
    public void NoneLeavesTheCurveAsItIs()
    {
        double[] clean = Curve();
        Assert.Equal(clean, MeasurementArtefacts.Apply(clean, None, new Random(1)));
        Assert.True(None.IsNone);
        Assert.False(MeasurementArtefactOptions.Measured.IsNone);
    }

    [Theory]
    [InlineData("SpikeRate", 1.0)]
    [InlineData("SpikeDipShare", 1.5)]
    [InlineData("StepExponent", 0.0)]
    [InlineData("RecoveryHalfLife", 0.0)]
    [InlineData("GapMeanLength", 0.5)]
    [InlineData("NoiseMedian", double.NaN)]
    [InlineData("SparseMissingShare", 0.99)]
    public void SettingsOutOfRangeAreRefusedByName(string setting, double value)
    {
        var o = setting switch
        {
            "SpikeRate" => MeasurementArtefactOptions.Measured with { SpikeRate = value },
            "SpikeDipShare" => MeasurementArtefactOptions.Measured with { SpikeDipShare = value },
            "StepExponent" => MeasurementArtefactOptions.Measured with { StepExponent = value },
            "RecoveryHalfLife" => MeasurementArtefactOptions.Measured with { RecoveryHalfLife = value },
            "GapMeanLength" => MeasurementArtefactOptions.Measured with { GapMeanLength = value },
            "NoiseMedian" => MeasurementArtefactOptions.Measured with { NoiseMedian = value },
            _ => MeasurementArtefactOptions.Measured with { SparseMissingShare = value },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.Equal(setting, e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(SyntheticFleetOptions.Default with { Artefacts = o }));
    }
}
