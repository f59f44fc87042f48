using Dlnet.Baselines;
using Dlnet.Scoring;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Baselines;

/// <summary>The classical reference is chosen on the validation cells, whatever the test cells would prefer.</summary>
public class BestClassicalTests
{
    private static EvaluationRow Row(string predictor, string split, double? mae, int windows = 10) =>
        new(predictor, split, windows, mae, mae, null, mae, mae);

    [Fact]
    public void TheLowestValidationMaeWinsEvenWhereTestPrefersAnother()
    {
        EvaluationRow[] rows =
        [
            Row("linear20", "validation", 0.002), Row("linear20", "test1", 0.004),
            Row("quadratic50", "validation", 0.003), Row("quadratic50", "test1", 0.001),
        ];
        var reference = BestClassical.Choose(rows);
        Assert.Equal(("linear20", "validation"), (reference.Chosen, reference.ChosenOn));
        Assert.Equal(0.004, reference.Mae("test1"));
        Assert.Equal([rows[0], rows[1]], reference.ChosenRows);
        Assert.Equal(new ClassicalChoice("linear20", "validation"), reference.Choice);
    }

    [Fact]
    public void TiesGoToTheMemberListedFirst()
    {
        var reference = BestClassical.Choose([Row("linear50", "validation", 0.002), Row("theilsen50", "validation", 0.002)]);
        Assert.Equal("linear50", reference.Chosen);
        // Exact fits differ by rounding only.
        reference = BestClassical.Choose([Row("last", "validation", 0.02), Row("linear20", "validation", 3e-17), Row("huberlinear50", "validation", 2e-17)]);
        Assert.Equal("linear20", reference.Chosen);
        reference = BestClassical.Choose([Row("linear20", "validation", 2e-5), Row("linear50", "validation", 1e-5)]);
        Assert.Equal("linear50", reference.Chosen);
    }

    [Fact]
    public void WithoutValidationWindowsItIsChosenOnTrainAndNeverOnTest()
    {
        EvaluationRow[] rows =
        [
            Row("last", "train", 0.01), Row("last", "validation", null, windows: 0), Row("last", "test", 0.0001),
            Row("linear20", "train", 0.002), Row("linear20", "validation", null, windows: 0), Row("linear20", "test", 0.5),
        ];
        Assert.Equal(("linear20", "train"), (BestClassical.Choose(rows).Chosen, BestClassical.Choose(rows).ChosenOn));
        var e = Assert.Throws<ArgumentException>(() => BestClassical.Choose([Row("last", "test", 0.001)]));
        Assert.Contains("validation", e.Message);
    }

    [Fact]
    public void ScoringAFleetChoosesOnItsValidationCells()
    {
        // Validation cells: straight fade with 1e-3 of measurement noise, which a line through many values averages
        // away and a quadratic amplifies. Test cells: a smooth accelerating fade, where a quadratic is exact and every line lags.
        var random = new Random(3);
        var cells = new List<TimeSeries>();
        for (int c = 0; c < 3; c++)
            cells.Add(new TimeSeries($"line{c}", [.. Enumerable.Range(0, 400).Select(t => 1.0 - 2e-4 * (c + 1) * t + 2e-3 * (random.NextDouble() - 0.5) * 1.73)]));
        for (int c = 0; c < 3; c++)
            cells.Add(new TimeSeries($"knee{c}", [.. Enumerable.Range(0, 400).Select(t => 1.0 - 1e-4 * t - 1e-6 * (c + 1) * t * t)]));
        var series = new SeriesSet("two kinds of cell", cells);
        var spec = new WindowSpec(100, 100, 10);
        var train = WindowSet.Cut("train", series, [0], spec);
        var splits = new ProtocolSplits("cells", train, WindowSet.Cut("validation", series, [1, 2], spec),
            [WindowSet.Cut("test1", series, [3, 4, 5], spec)], MinMaxScaler.Fit(train));

        var reference = BestClassical.Score(splits);
        Assert.Equal("validation", reference.ChosenOn);
        Assert.Equal(["validation", "test1"], reference.Rows.Select(r => r.Split).Distinct());
        Assert.Equal(BaselineFactory.Family, reference.Rows.Select(r => r.Predictor).Distinct());
        var validation = reference.Rows.Where(r => r.Split == "validation").ToArray();
        var test = reference.Rows.Where(r => r.Split == "test1").ToArray();
        Assert.Equal(validation.MinBy(r => r.Mae)!.Predictor, reference.Chosen);
        Assert.DoesNotContain("quadratic", reference.Chosen);
        // Test would have chosen a quadratic, and by a wide margin: the choice did not look at it.
        var testBest = test.MinBy(r => r.Mae)!;
        Assert.Contains("quadratic", testBest.Predictor);
        Assert.True(testBest.Mae < reference.Mae("test1") / 10);
    }
}
