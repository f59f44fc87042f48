using System.Text.Json;
using Dlnet.Cli;
using Dlnet.Cli.Common;
using Dlnet.Fleet;
using Dlnet.Series;

namespace Dlnet.Tests.Data;

/// <summary>
/// The measurement behind the built-in fleet's artefacts: the alignment of a measured series to its smoothed twin,
/// the numbers it gives on the MIT-Stanford cells (those of docs/synthetic-fleet.md), and the same measurement of the
/// built-in fleet's artefacts giving those numbers back.
/// </summary>
public class ArtefactMeasurementTests
{
    [Fact]
    public void AlignmentFindsTheMissingCyclesAndTheGain()
    {
        // Smoothed: 40 cycles falling by 0.01. Measured: 1.02 times the same, with cycles 21 and 22 (rows 20, 21) lost.
        double[] smoothed = [.. Enumerable.Range(0, 40).Select(j => 1 - 0.01 * j)];
        int[] rows = [.. Enumerable.Range(0, 40).Where(j => j is not (20 or 21))];
        double[] measured = [.. rows.Select(j => 1.02 * smoothed[j])];
        var a = CapacityAlignment.Align(measured, smoothed)!;
        Assert.Equal(rows, a.Rows);
        Assert.Equal(1.02, a.Gain, 1e-12);
        Assert.Equal((2, 40), (a.Skipped, a.Span));
        Assert.All(a.Residuals(measured, smoothed), e => Assert.Equal(0, e, 1e-12));

        // More measured values than smoothed rows cannot be aligned one to one.
        Assert.Null(CapacityAlignment.Align(smoothed, measured));
        Assert.Throws<ArgumentException>(() => CapacityAlignment.Align([1.0, double.NaN], smoothed));
        Assert.Throws<ArgumentException>(() => CapacityAlignment.Align(new double[10_000], new double[10_000]));
    }

    /// <summary>Gaussian noise of standard deviation <paramref name="sd"/>, seeded.</summary>
    private static double[] Noise(int count, double sd, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
    }

    [Fact]
    public void NoiseSpikesAndStepsAreFoundWhereTheyWereAdded()
    {
        // 2000 values of noise of sd 1e-4, a dip of 0.01 at 100, a step of +0.004 at 1000.
        double[] e = Noise(2000, 1e-4, seed: 2);
        e[100] -= 0.01;
        for (int t = 1000; t < e.Length; t++) e[t] += 0.004;
        double sigma = ArtefactMeasurement.NoiseSd(e);
        Assert.InRange(sigma, 0.93e-4, 1.07e-4);
        var spikes = new List<double>();
        Assert.Equal(1, ArtefactMeasurement.Spikes(e, sigma, spikes));
        Assert.Equal(-0.01, spikes.Single(), 3e-4);
        var steps = new List<double>();
        ArtefactMeasurement.Steps(e, sigma, steps);
        Assert.Equal(0.004, steps.Single(), 1e-4);
        var rises = new List<double>();
        ArtefactMeasurement.Recoveries(e, sigma, rises, []);
        Assert.Empty(rises);
    }

    [Fact]
    public void ARecoveryIsARiseThatFades()
    {
        // A rise of 0.004 at 200, halving every 10 cycles, on a quiet residual.
        double[] e = Noise(500, 5e-5, seed: 3);
        for (int t = 200; t < e.Length; t++) e[t] += 0.004 * Math.Pow(0.5, (t - 200) / 10.0);
        var rises = new List<double>();
        var halfLives = new List<double>();
        ArtefactMeasurement.Recoveries(e, ArtefactMeasurement.NoiseSd(e), rises, halfLives);
        // The median of the first 3 values is about 0.004 x 0.5^0.1; the rise is below half after some 10 cycles.
        Assert.Equal(0.004 * Math.Pow(0.5, 0.1), rises.Single(), 2e-4);
        Assert.InRange(halfLives.Single(), 8, 13);
    }

    [RealDataFact]
    public void TheMitStanfordCellsMeasureAsDocumented()
    {
        var raw = FleetLoader.Load(TestData.RequireMitStanfordRaw());
        var smoothed = FleetLoader.Load(TestData.RequireMitStanford());
        var m = ArtefactMeasurement.Measure(raw, smoothed);
        Assert.Equal((111, 4, 73_785L), (m.Cells, m.CellsLeftOut, m.Values));
        Assert.Equal(9.29e-5, m.NoiseMedian, 0.01e-5);
        Assert.Equal((757, 32, 26), (m.Spikes.Count, m.Steps.Count, m.Recoveries.Count));
        Assert.Equal(0.964, 1 - m.Spikes.UpShare, 0.0005);
        Assert.Equal(1.69, m.Spikes.Exponent, 0.005);
        Assert.Equal(0.105, m.SpikeContinuation, 0.0005);
        Assert.Equal(8, m.RecoveryHalfLifeMedian);
        Assert.Equal(0.01425, m.GapRatePerCycle, 0.00002);
        Assert.Equal(1.826, m.GapMeanLength, 0.002);
        Assert.Equal(8 / 111.0, m.SparseCellShare, 1e-12);
    }

    [Fact]
    public void TheBuiltInArtefactsMeasureAsTheMitStanfordCellsDo()
    {
        // 150 cells measured against their own smooth curves (the artefacts come from their own random stream).
        var options = SyntheticFleetOptions.Default with { CellCount = 150, Seed = 11 };
        var measured = SyntheticFleet.Generate(options);
        var smooth = SyntheticFleet.Generate(options with { Artefacts = MeasurementArtefactOptions.None });
        var m = ArtefactMeasurement.Measure(measured, smooth);
        Assert.Equal((150, 0), (m.Cells, m.CellsLeftOut));
        // The MIT-Stanford numbers, within the sampling error of some 115,000 values (a few dozen steps and recoveries).
        Assert.InRange(m.NoiseMedian, 0.85 * 9.29e-5, 1.15 * 9.29e-5);
        Assert.InRange(m.Spikes.RatePerCycle, 0.85 * 0.01026, 1.15 * 0.01026);
        Assert.InRange(1 - m.Spikes.UpShare, 0.92, 0.99);
        Assert.InRange(m.Spikes.Exponent, 1.45, 1.95);
        Assert.InRange(m.SpikeContinuation, 0.07, 0.14);
        Assert.InRange(m.Steps.RatePerCycle, 0.6 * 0.00043, 1.4 * 0.00043);
        Assert.InRange(m.Recoveries.RatePerCycle, 0.55 * 0.00035, 1.45 * 0.00035);
        Assert.InRange(m.RecoveryHalfLifeMedian, 5, 11);
        Assert.InRange(m.GapRatePerCycle, 0.85 * 0.0143, 1.15 * 0.0143);
        Assert.InRange(m.GapMeanLength, 1.5, 2.1);
        Assert.InRange(m.SparseCellShare, 0.02, 0.13);
    }

    [Fact]
    public void CellsWithoutATwinAreLeftOutAndNoneIsAnError()
    {
        var a = new SeriesSet("a", [new TimeSeries("x", [.. Enumerable.Range(0, 200).Select(t => 1 - 1e-4 * t)])]);
        var b = new SeriesSet("b", [new TimeSeries("y", [.. Enumerable.Range(0, 200).Select(t => 1 - 1e-4 * t)])]);
        var e = Assert.Throws<ArgumentException>(() => ArtefactMeasurement.Measure(a, b));
        Assert.Contains("smoothed twin", e.Message);
        // A value no capacity reading can have names its cell.
        var bad = new SeriesSet("c", [new TimeSeries("y", [.. Enumerable.Range(0, 200).Select(t => t == 50 ? -1.0 : 1 - 1e-4 * t)])]);
        e = Assert.Throws<ArgumentException>(() => ArtefactMeasurement.Measure(bad, b));
        Assert.StartsWith("cell y: measured value -1 is not positive", e.Message);
    }

    [Fact]
    public void TheCommandMeasuresAFleetAgainstItsSmoothTwinAndRefusesOneWithoutTwins()
    {
        using var temp = new TempFolder();
        string measured = temp.File("measured.csv"), smooth = temp.File("smooth.csv"), json = temp.File("sizes.json");
        Assert.Equal(ExitCodes.Success, Cli.Run("data", "synth", "--cells", "8", "--out", measured).ExitCode);
        Assert.Equal(ExitCodes.Success, Cli.Run("data", "synth", "--cells", "8", "--artefacts", "none", "--out", smooth).ExitCode);
        var r = Cli.Run("data", "artefacts", measured, "--smoothed", smooth, "--json", json);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("8 cells measured (0 left out)", r.Stdout);
        foreach (string row in new[] { "noise sd", "spikes and dips", "steps", "recoveries", "missing cycles", "sparse cells" }) Assert.Contains(row, r.Stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(8, doc.RootElement.GetProperty("cells").GetInt32());
        Assert.True(doc.RootElement.GetProperty("noise_median").GetDouble() > 0);

        string other = temp.Write("other.csv", "cell,cycle,soh\n" + string.Concat(Enumerable.Range(1, 200).Select(t => $"Z,{t},0.99\n")));
        r = Cli.Run("data", "artefacts", other, "--smoothed", smooth);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("has a smoothed twin", r.Stderr);
    }
}
