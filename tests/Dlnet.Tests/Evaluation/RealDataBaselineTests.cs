using Dlnet.Baselines;
using Dlnet.Fleet;
using Dlnet.Scoring;
using Dlnet.Splits;

namespace Dlnet.Tests.Evaluation;

/// <summary>
/// The classical extrapolations on the MIT-Stanford cells under the leak-free protocol must reproduce the
/// reference MAE table of the data's README (paper16, then test1 and test2 at stride 10).
/// </summary>
public class RealDataBaselineTests
{
    private static readonly Lazy<ProtocolSplits> Splits = new(() => CellsProtocol.Split(FleetLoader.Load(TestData.RequireMitStanford())));

    [RealDataTheory]
    [InlineData("last", 0.0237, 0.0116, 0.0070)]
    [InlineData("linear20", 0.0054, 0.0035, 0.0016)]
    [InlineData("quadratic50", 0.0017, 0.0015, 0.0006)]
    public void MaeMatchesTheReferenceTable(string name, double paper16, double test1, double test2)
    {
        var f = BaselineFactory.Create(name);
        Assert.Equal(paper16, Evaluator.Evaluate(f, Splits.Value["paper16"]).Overall.Mae, 2e-4);
        Assert.Equal(test1, Evaluator.Evaluate(f, Splits.Value["test1"]).Overall.Mae, 2e-4);
        Assert.Equal(test2, Evaluator.Evaluate(f, Splits.Value["test2"]).Overall.Mae, 2e-4);
    }

    private static readonly Lazy<ProtocolSplits> RawSplits = new(() => CellsProtocol.Split(FleetLoader.Load(TestData.RequireMitStanfordRaw())));

    /// <summary>The measured series' README table, to its five digits.</summary>
    [RealDataTheory]
    [InlineData("last", 0.00882, 0.00595)]
    [InlineData("linear20", 0.00411, 0.00160)]
    [InlineData("linear50", 0.00390, 0.00178)]
    [InlineData("quadratic50", 0.00575, 0.00166)]
    [InlineData("quadratic100", 0.00369, 0.00126)]
    public void MeasuredSeriesMaeMatchesTheirReferenceTable(string name, double test1, double test2)
    {
        var f = BaselineFactory.Create(name);
        Assert.Equal(1901, RawSplits.Value["test1"].Count);
        Assert.Equal(1720, RawSplits.Value["test2"].Count);
        Assert.Equal(test1, Evaluator.Evaluate(f, RawSplits.Value["test1"]).Overall.Mae, 5e-6);
        Assert.Equal(test2, Evaluator.Evaluate(f, RawSplits.Value["test2"]).Overall.Mae, 5e-6);
    }

    /// <summary>
    /// The reference changes with the data: on the smoothed series a short quadratic, on the measured ones a
    /// robust quadratic through all 100 values, which also beats the README's best on both test splits.
    /// </summary>
    [RealDataFact]
    public void TheBestClassicalIsChosenOnValidationAndDiffersBetweenSmoothedAndMeasuredSeries()
    {
        var smoothed = BestClassical.Score(Splits.Value);
        Assert.Equal(("quadratic20", "validation"), (smoothed.Chosen, smoothed.ChosenOn));
        var measured = BestClassical.Score(RawSplits.Value);
        Assert.Equal(("huberquadratic100", "validation"), (measured.Chosen, measured.ChosenOn));
        Assert.True(measured.Mae("test1") < 0.00369 && measured.Mae("test2") < 0.00126);
    }

    [RealDataFact]
    public void SplitsFollowTheMetadata()
    {
        var s = Splits.Value;
        Assert.Equal(["test1", "test2", "paper16", "paper16_test"], s.Reports.Select(r => r.Name));
        Assert.Equal(16, s["paper16"].Count);
        Assert.Equal(41, s.Train.SeriesIndices.Count + s.Validation.SeriesIndices.Count);
        Assert.Equal(40, s["test2"].SeriesIndices.Count);
        // Bat043 (170 steps) is too short for a window of 200, so 42 of the 43 test1 cells remain.
        Assert.Equal(42, s["test1"].SeriesIndices.Count);
        Assert.All(s["paper16_test"].SeriesIndices, i => Assert.StartsWith("test", s.Train.Series[i].Split));
    }
}
