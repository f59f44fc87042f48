using System.Text.Json;
using Dlnet.Scoring;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Evaluation;

public class MetricsTests
{
    [Fact]
    public void HandComputedCase()
    {
        var acc = new MetricsAccumulator(2);
        acc.Add([1.0, 2.0], [2.0, 4.0]);   // errors -1, -2; relative 50%, 50%
        acc.Add([3.0, 3.0], [2.0, 4.0]);   // errors +1, -1; relative 50%, 25%
        var m = acc.ToMetrics();
        Assert.Equal(2, m.Windows);
        Assert.Equal(1.25, m.Mae, 15);
        Assert.Equal(Math.Sqrt(7.0 / 4), m.Rmse, 15);
        Assert.Equal(43.75, m.Mape, 12);
        Assert.Equal([1.0, 1.5], m.MaePerStep);
        Assert.Equal(1.0, m.MaeAtStep(1));
        Assert.Equal(1.5, m.MaeAtStep(2));
        Assert.True(double.IsNaN(m.MaeAt10));
        Assert.True(double.IsNaN(m.MaeAtStep(0)));
    }

    [Fact]
    public void StepsAreOneBased()
    {
        var acc = new MetricsAccumulator(100);
        var forecast = new double[100];
        var target = Enumerable.Range(1, 100).Select(s => (double)s).ToArray();
        acc.Add(forecast, target);   // the error at step s is s
        var m = acc.ToMetrics();
        Assert.Equal(10, m.MaeAt10);
        Assert.Equal(100, m.MaeAt100);
        Assert.Equal(50.5, m.Mae, 12);
        Assert.Equal(100, m.Mape, 12);
    }

    [Fact]
    public void ZeroTargetsAreLeftOutOfMapeAndEmptyIsNaN()
    {
        var acc = new MetricsAccumulator(2);
        acc.Add([1.0, 1.0], [0.0, 2.0]);
        Assert.Equal(50, acc.ToMetrics().Mape, 12);
        var empty = new MetricsAccumulator(3).ToMetrics();
        Assert.Equal(0, empty.Windows);
        Assert.True(double.IsNaN(empty.Mae));
    }

    [Fact]
    public void MergingEqualsAddingDirectly()
    {
        var random = new Random(4);
        var whole = new MetricsAccumulator(5);
        var a = new MetricsAccumulator(5);
        var b = new MetricsAccumulator(5);
        for (int i = 0; i < 20; i++)
        {
            double[] f = Enumerable.Range(0, 5).Select(_ => random.NextDouble()).ToArray();
            double[] t = Enumerable.Range(0, 5).Select(_ => 0.5 + random.NextDouble()).ToArray();
            whole.Add(f, t);
            (i < 7 ? a : b).Add(f, t);
        }
        a.Add(b);
        Assert.Equal(whole.ToMetrics().Mae, a.ToMetrics().Mae, 14);
        Assert.Equal(whole.ToMetrics().Rmse, a.ToMetrics().Rmse, 14);
        Assert.Equal(whole.ToMetrics().Windows, a.ToMetrics().Windows);
    }

    /// <summary>Forecasts the target exactly plus a per-series offset, so every error is known in advance.</summary>
    private sealed class Offset(int w, int h) : IForecaster
    {
        public string Name => "offset";
        public int InputLength => w;
        public int Horizon => h;
        public int Calls { get; private set; }

        public void Forecast(ReadOnlySpan<double> histories, Span<double> forecasts, int count)
        {
            Calls++;
            // Series k holds 10k + step; the last input tells which series and where.
            for (int i = 0; i < count; i++)
            {
                double last = histories[(i + 1) * w - 1];
                int k = (int)(last / 1000);
                for (int s = 0; s < h; s++) forecasts[i * h + s] = last + s + 1 + 0.1 * (k + 1);
            }
        }
    }

    [Fact]
    public void EvaluatorScoresPerSplitAndPerSeriesInBatches()
    {
        var fleet = new SeriesSet("x", Enumerable.Range(0, 3).Select(k =>
            new TimeSeries($"s{k}", Enumerable.Range(0, 30).Select(t => 1000.0 * k + t + 1).ToArray())));
        var windows = WindowSet.Cut("all", fleet, [0, 1, 2], new WindowSpec(4, 3, 2) { Bounds = null });
        foreach (int batch in new[] { 1, 5, 256 })
        {
            var f = new Offset(4, 3);
            var result = Evaluator.Evaluate(f, windows, batch);
            Assert.Equal((windows.Count + batch - 1) / batch, f.Calls);
            Assert.Equal(windows.Count, result.Overall.Windows);
            Assert.Equal(["s0", "s1", "s2"], result.PerSeries.Keys);
            Assert.Equal(0.1, result.PerSeries["s0"].Mae, 9);
            Assert.Equal(0.3, result.PerSeries["s2"].Mae, 9);
            Assert.Equal(0.2, result.Overall.Mae, 9);
            Assert.Equal(0.3, result.PerSeries["s2"].MaeAtStep(3), 9);
        }
    }

    [Fact]
    public void EvaluatorRefusesAForecasterOfAnotherShape()
    {
        var fleet = new SeriesSet("x", [new TimeSeries("a", new double[20])]);
        var windows = WindowSet.Cut("all", fleet, [0], new WindowSpec(4, 3) { Bounds = null });
        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(new Offset(5, 3), windows));
    }

    [Fact]
    public void ReportJsonHasExactlyTheAgreedKeys()
    {
        var row = new EvaluationRow("last", "test1", 12, 0.01, 0.02, 1.5, 0.001, null);
        string json = new EvaluationReport("cells", [row]).ToJson();
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["protocol", "results", "best_classical"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("best_classical").ValueKind);
        var first = doc.RootElement.GetProperty("results")[0];
        Assert.Equal(["predictor", "split", "windows", "mae", "rmse", "mape", "mae_at_10", "mae_at_100"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("mae_at_100").ValueKind);
        Assert.Equal(row, EvaluationReport.Parse(json).Results[0]);

        var chosen = new EvaluationReport("cells", [row], new ClassicalChoice("last", "validation"));
        using var withChoice = JsonDocument.Parse(chosen.ToJson());
        Assert.Equal(["name", "chosen_on"], withChoice.RootElement.GetProperty("best_classical").EnumerateObject().Select(p => p.Name));
        Assert.Equal(chosen.BestClassical, EvaluationReport.Parse(chosen.ToJson()).BestClassical);
    }

    [Fact]
    public void ScalerRoundTrips()
    {
        var scaler = new MinMaxScaler(0.7, 1.05);
        double[] values = [0.7, 0.8, 1.05, 1.2];
        var scaled = new double[4];
        scaler.Transform(values, scaled);
        Assert.Equal(0, scaled[0], 15);
        Assert.Equal(1, scaled[2], 15);
        var back = new double[4];
        scaler.Inverse(scaled, back);
        for (int i = 0; i < 4; i++) Assert.Equal(values[i], back[i], 14);
        float[] f = [0.875f];
        scaler.Transform(f, f);
        Assert.Equal(0.5f, f[0], 6);
        Assert.Equal(1.0, new MinMaxScaler(2, 2).Range);
    }
}
