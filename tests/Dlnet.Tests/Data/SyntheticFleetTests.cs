using System.Globalization;
using Dlnet.Fleet;
using Dlnet.Series;

namespace Dlnet.Tests.Data;

public class SyntheticFleetTests
{
    private static readonly SeriesSet DefaultFleet = SyntheticFleet.Generate(SyntheticFleetOptions.Default);

    public static TheoryData<int> Seeds => new() { 1, 2, 17, 2019, -5 };

    private static SeriesSet Fleet(int seed, int cells = 60) =>
        SyntheticFleet.Generate(SyntheticFleetOptions.Default with { Seed = seed, CellCount = cells });

    /// <summary>The ageing curves alone, without measurement artefacts.</summary>
    private static SeriesSet Smooth(int seed, int cells = 60) =>
        SyntheticFleet.Generate(SyntheticFleetOptions.Default with { Seed = seed, CellCount = cells, Artefacts = MeasurementArtefactOptions.None });

    [Fact]
    public void DefaultFleetHasTheDocumentedSize()
    {
        Assert.Equal(48, DefaultFleet.Count);
        Assert.Equal("Syn001", DefaultFleet[0].Id);
        Assert.Equal("Syn048", DefaultFleet[47].Id);
    }

    [Fact]
    public void SameOptionsGiveIdenticalValues()
    {
        var again = SyntheticFleet.Generate(SyntheticFleetOptions.Default);
        for (int i = 0; i < DefaultFleet.Count; i++)
        {
            Assert.Equal(DefaultFleet[i].Values, again[i].Values);
            Assert.Equal(DefaultFleet[i].Tags, again[i].Tags);
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void EveryCellStartsFreshAndStaysMonotone(int seed)
    {
        foreach (var cell in Smooth(seed))
        {
            Assert.InRange(cell.Values[0], 0.99, 1.02);
            for (int c = 1; c < cell.Length; c++)
                Assert.True(cell.Values[c] <= cell.Values[c - 1], $"{cell.Id} rises at cycle {c + 1}");
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void EveryCellReachesEndOfLifeAtItsTaggedCycleLifeAndRunsOnPastIt(int seed)
    {
        foreach (var cell in Smooth(seed))
        {
            int firstBelow = Array.FindIndex(cell.Values, v => v < 0.80) + 1;
            Assert.InRange(firstBelow, 150, 2500);
            Assert.Equal(firstBelow, int.Parse(cell.Tags[SyntheticFleet.CycleLifeTag], CultureInfo.InvariantCulture));
            Assert.InRange(cell.Values[^1], 0.76, 0.80);
            // Only the last value may be at or below the drawn final SOH, which is at least 0.77.
            Assert.True(cell.Values[^2] > 0.77, $"{cell.Id} ran on past its final SOH");
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void EveryCellShowsAKnee(int seed)
    {
        foreach (var cell in Smooth(seed))
        {
            int life = int.Parse(cell.Tags[SyntheticFleet.CycleLifeTag], CultureInfo.InvariantCulture);
            double[] v = cell.Values;
            int early = (int)(0.3 * life), late = (int)(0.8 * life);
            double earlyRate = (v[0] - v[early - 1]) / (early - 1);
            double lateRate = (v[late - 1] - v[life - 1]) / (life - late);
            Assert.True(lateRate >= 3 * earlyRate,
                $"{cell.Id}: fade {lateRate:G3}/cycle over the last 20% of life, {earlyRate:G3} over the first 30%");
        }
    }

    [Fact]
    public void CycleLivesSpreadLikeTheMitStanfordCells()
    {
        // 124 cells, as many as the real set: median 742, log standard deviation 0.435.
        double[] lives = Fleet(seed: 5, cells: 124)
            .Select(s => double.Parse(s.Tags[SyntheticFleet.CycleLifeTag], CultureInfo.InvariantCulture)).Order().ToArray();
        double median = (lives[61] + lives[62]) / 2;
        double[] logs = lives.Select(x => Math.Log(x)).ToArray();
        double logSd = Math.Sqrt(logs.Sum(x => (x - logs.Average()) * (x - logs.Average())) / (logs.Length - 1));
        Assert.InRange(median, 700, 800);
        Assert.InRange(logSd, 0.38, 0.48);
        Assert.InRange(lives[0], 150, 300);
        Assert.InRange(lives[^1], 1800, 2500);
    }

    [Fact]
    public void SplitsFollowTheSeversonProportions()
    {
        Assert.Equal((41, 43, 40), SyntheticFleet.SplitCounts(SyntheticFleetOptions.Default with { CellCount = 124 }));
        Assert.Equal((16, 17, 15), SyntheticFleet.SplitCounts(SyntheticFleetOptions.Default));
        // Largest remainder: 0.66/0.69/0.65 cells for 2, 0.99/1.04/0.97 for 3.
        Assert.Equal((1, 1, 0), SyntheticFleet.SplitCounts(SyntheticFleetOptions.Default with { CellCount = 2 }));
        Assert.Equal((1, 1, 1), SyntheticFleet.SplitCounts(SyntheticFleetOptions.Default with { CellCount = 3 }));
        Assert.Equal((7, 3, 0), SyntheticFleet.SplitCounts(SyntheticFleetOptions.Default with { CellCount = 10, TrainFraction = 0.7, Test1Fraction = 0.3 }));

        var counts = DefaultFleet.GroupBy(s => s.Split).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(16, counts["train"]);
        Assert.Equal(17, counts["test1"]);
        Assert.Equal(15, counts["test2"]);
    }

    [Fact]
    public void SplitsAreShuffledNotBlocks()
    {
        string[] splits = DefaultFleet.Select(s => s.Split!).ToArray();
        Assert.NotEqual(splits.Order().ToArray(), splits);
    }

    [Fact]
    public void NoiseHasTheAskedSpreadAndLeavesTheAgeingAlone()
    {
        const double sigma = 0.002;
        var noisy = SyntheticFleet.Generate(SyntheticFleetOptions.Default with { NoiseStdDev = sigma });
        var residuals = new List<double>();
        for (int i = 0; i < noisy.Count; i++)
        {
            Assert.Equal(DefaultFleet[i].Tags, noisy[i].Tags);
            Assert.Equal(DefaultFleet[i].Length, noisy[i].Length);
            for (int c = 0; c < noisy[i].Length; c++) residuals.Add(noisy[i].Values[c] - DefaultFleet[i].Values[c]);
        }
        double mean = residuals.Average();
        double sd = Math.Sqrt(residuals.Sum(r => (r - mean) * (r - mean)) / (residuals.Count - 1));
        // About 40,000 draws: the sample mean is within 4 standard errors (4e-5) of 0, the sample sd within 2%.
        Assert.InRange(mean, -4e-5, 4e-5);
        Assert.InRange(sd, 0.98 * sigma, 1.02 * sigma);
    }

    [Fact]
    public void ArtefactsLeaveTheAgeingAndTheSplitsAlone()
    {
        var smooth = Smooth(seed: 1, cells: 48);
        Assert.Contains("no measurement artefacts", smooth.Source);
        Assert.Contains("measured artefacts", DefaultFleet.Source);
        int shorter = 0;
        for (int i = 0; i < smooth.Count; i++)
        {
            Assert.Equal(smooth[i].Tags, DefaultFleet[i].Tags);
            // Missing cycles only ever shorten a series.
            Assert.True(DefaultFleet[i].Length <= smooth[i].Length);
            if (DefaultFleet[i].Length < smooth[i].Length) shorter++;
            // Before the first missing cycle, the measured value is the curve plus what measuring adds (a few 1e-3 at most, bar spikes).
            Assert.InRange(DefaultFleet[i].Values[0] - smooth[i].Values[0], -0.13, 0.13);
        }
        Assert.True(shorter > smooth.Count / 2, $"{shorter} of {smooth.Count} cells miss a cycle");
        // The smooth curves fall monotonically; the measured ones do not.
        Assert.Contains(DefaultFleet, cell => cell.Values.Skip(1).Where((v, c) => v > cell.Values[c]).Any());
    }

    [Fact]
    public void DifferentSeedsGiveDifferentFleets()
    {
        var a = Fleet(1);
        var b = Fleet(2);
        Assert.NotEqual(a[0].Values, b[0].Values);
    }

    [Fact]
    public void OptionsOutOfRangeAreRejected()
    {
        var d = SyntheticFleetOptions.Default;
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(d with { CellCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(d with { NoiseStdDev = -0.1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(d with { NoiseStdDev = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(d with { MaxFinalSoh = 0.81 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(d with { TrainFraction = 0.7, Test1Fraction = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticFleet.Generate(d with { MinCycleLife = 3000 }));
    }
}
