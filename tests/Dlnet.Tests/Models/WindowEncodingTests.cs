using Dlnet.Baselines;
using Dlnet.Forecasting;
using Dlnet.Splits;
using Dlnet.Tests.Training;

namespace Dlnet.Tests.Models;

public class WindowEncodingTests
{
    [Theory]
    [InlineData(OutputForm.MinMax)]
    [InlineData(OutputForm.Delta)]
    [InlineData(OutputForm.Residual)]
    public void DecodingEncodedTargetsGivesTheTargetsBack(OutputForm form)
    {
        var windows = ToyWindows.Make(30, 60, 20, seed: 1);
        var encoding = WindowEncoding.Fit(form, windows);
        var encoded = new float[windows.AllTargets().Length];
        encoding.EncodeTargets(windows.AllHistories(), windows.AllTargets(), encoded, windows.Count);
        var decoded = new double[encoded.Length];
        encoding.Decode(windows.AllHistories(), encoded, decoded, windows.Count);
        var expected = windows.AllTargets();
        for (int i = 0; i < decoded.Length; i++) Assert.Equal(expected[i], decoded[i], 1e-6);
    }

    [Theory]
    [InlineData(OutputForm.Delta)]
    [InlineData(OutputForm.Residual)]
    public void RelativeFormsHaveUnitRootMeanSquareOnTrainingWindows(OutputForm form)
    {
        var windows = ToyWindows.Make(50, 60, 20, seed: 2);
        var encoding = WindowEncoding.Fit(form, windows);
        var inputs = new float[windows.AllHistories().Length];
        var targets = new float[windows.AllTargets().Length];
        encoding.EncodeInputs(windows.AllHistories(), inputs, windows.Count);
        encoding.EncodeTargets(windows.AllHistories(), windows.AllTargets(), targets, windows.Count);
        // the last input of every window is zero by construction and left out of s_in
        double inRms = Math.Sqrt(inputs.Sum(v => (double)v * v) / (windows.Count * 59.0));
        double outRms = Math.Sqrt(targets.Sum(v => (double)v * v) / targets.Length);
        Assert.Equal(1.0, inRms, 1e-4);
        Assert.Equal(1.0, outRms, 1e-4);
        Assert.All(Enumerable.Range(0, windows.Count), k => Assert.Equal(0f, inputs[k * 60 + 59]));
    }

    [Fact]
    public void MinMaxMapsTheTrainingRangeOntoZeroToOne()
    {
        var windows = ToyWindows.Make(20, 30, 10, seed: 3);
        var encoding = WindowEncoding.Fit(OutputForm.MinMax, windows);
        double min = windows.AllHistories().Concat(windows.AllTargets()).Min(), max = windows.AllHistories().Concat(windows.AllTargets()).Max();
        Assert.Equal(min, encoding.Offset);
        Assert.Equal(max - min, encoding.InputScale, 1e-15);
        var inputs = new float[windows.AllHistories().Length];
        var targets = new float[windows.AllTargets().Length];
        encoding.EncodeInputs(windows.AllHistories(), inputs, windows.Count);
        encoding.EncodeTargets(windows.AllHistories(), windows.AllTargets(), targets, windows.Count);
        var all = inputs.Concat(targets).ToArray();
        Assert.Equal(0f, all.Min(), 1e-6f);
        Assert.Equal(1f, all.Max(), 1e-6f);
    }

    [Fact]
    public void ZeroOutputInDeltaFormForecastsTheLastValue()
    {
        var windows = ToyWindows.Make(5, 40, 10, seed: 4);
        var encoding = WindowEncoding.Fit(OutputForm.Delta, windows);
        var forecasts = new double[windows.AllTargets().Length];
        encoding.Decode(windows.AllHistories(), new float[forecasts.Length], forecasts, windows.Count);
        for (int k = 0; k < windows.Count; k++)
            for (int h = 0; h < 10; h++) Assert.Equal(windows.History(k)[^1], forecasts[k * 10 + h]);
    }

    [Theory]
    [InlineData(2, 50)]
    [InlineData(1, 50)]
    [InlineData(2, 20)]
    [InlineData(1, 80)]
    public void ZeroOutputInResidualFormIsTheLeastSquaresPolynomialThroughTheTail(int degree, int tail)
    {
        var windows = ToyWindows.Make(6, 80, 30, seed: 5, noise: 0.01);
        var encoding = new WindowEncoding(OutputForm.Residual, 80, 30, 0, 1, 1, tail, degree);
        var forecasts = new double[windows.AllTargets().Length];
        encoding.Decode(windows.AllHistories(), new float[forecasts.Length], forecasts, windows.Count);
        for (int k = 0; k < windows.Count; k++)
        {
            var reference = ReferencePolynomial(windows.History(k).ToArray()[^tail..], 30, degree);
            for (int h = 0; h < 30; h++) Assert.Equal(reference[h], forecasts[k * 30 + h], 1e-10);
        }
    }

    [Fact]
    public void ZeroOutputInResidualFormIsTheChosenBaseline()
    {
        var windows = ToyWindows.Make(7, 100, 100, seed: 6, noise: 0.005);
        var encoding = WindowEncoding.Fit(OutputForm.Residual, windows);
        var forecasts = new double[windows.AllTargets().Length];
        encoding.Decode(windows.AllHistories(), new float[forecasts.Length], forecasts, windows.Count);
        var baseline = new double[forecasts.Length];
        string name = PolynomialForecaster.DefaultName(encoding.BaseDegree, encoding.TailLength);
        Dlnet.Baselines.BaselineFactory.Create(name).Forecast(windows.AllHistories(), baseline, windows.Count);
        Assert.Equal(baseline, forecasts);
    }

    [Fact]
    public void TheBaseIsTheCandidateThatForecastsTheValidationWindowsBest()
    {
        // Smooth curved training windows favour a short quadratic; noisy straight validation windows a long line.
        var training = ToyWindows.Make(20, 100, 100, seed: 7, noise: 0.0);
        var validation = Straight(20, noise: 0.01, seed: 8);
        var chosen = WindowEncoding.Fit(OutputForm.Residual, training, validation);
        Assert.Equal((1, 100), (chosen.BaseDegree, chosen.TailLength));
        Assert.Equal(WindowEncoding.ChooseBase(OutputForm.Residual, validation), (chosen.MedianWidth, chosen.BaseDegree, chosen.TailLength));
        var onTraining = WindowEncoding.ChooseBase(OutputForm.Residual, training);
        Assert.NotEqual((1, 100), (onTraining.Degree, onTraining.TailLength));

        // The choice is the lowest MAE of all candidates, checked against each of them.
        foreach (int median in WindowEncoding.MedianCandidates)
            foreach (var (degree, tail) in WindowEncoding.BaseCandidates)
                Assert.True(BaseMae(chosen, validation) <= BaseMae(new WindowEncoding(OutputForm.Residual, 100, 100, 0, 1, 1, tail, degree, median), validation));
    }

    [Fact]
    public void ARunningMedianIsChosenWhereItRemovesSpikesAndNotOnSmoothWindows()
    {
        var smooth = ToyWindows.Make(20, 100, 100, seed: 9, noise: 0.0);
        Assert.Equal(0, WindowEncoding.Fit(OutputForm.Residual, smooth, smooth).MedianWidth);
        Assert.Equal(0, WindowEncoding.Fit(OutputForm.Delta, smooth, smooth).MedianWidth);

        // Spikes of 0.05 in one value in ten, as a cell's record has them: the filtered base is far closer.
        var spiky = Spiky(ToyWindows.Make(20, 100, 100, seed: 10, noise: 0.0005), seed: 11);
        var chosen = WindowEncoding.Fit(OutputForm.Residual, smooth, spiky);
        Assert.Equal(5, chosen.MedianWidth);
        Assert.True(BaseMae(chosen, spiky) < 0.7 * BaseMae(new WindowEncoding(OutputForm.Residual, 100, 100, 0, 1, 1, chosen.TailLength, chosen.BaseDegree), spiky));
        Assert.Equal(5, WindowEncoding.Fit(OutputForm.Delta, smooth, spiky).MedianWidth);
        Assert.Equal(0, WindowEncoding.Fit(OutputForm.MinMax, smooth, spiky).MedianWidth);
    }

    [Fact]
    public void AnotherFrontEndIsChosenOnlyAmongThoseAdmitted()
    {
        var spiky = Spiky(ToyWindows.Make(20, 100, 100, seed: 10, noise: 0.0005), seed: 11);
        var own = new WindowEncoding(OutputForm.Residual, 100, 100, 0, 0.01, 0.02, 20, 2);
        var free = own.WithFrontEndFor(spiky);
        Assert.Equal(5, free.MedianWidth);
        Assert.Equal((own.InputScale, own.OutputScale), (free.InputScale, free.OutputScale));

        // Without the median (a device without room for it), the best of the rest: checked against each of them.
        var bounded = own.WithFrontEndFor(spiky, e => e.MedianWidth == 0);
        Assert.Equal(0, bounded.MedianWidth);
        Assert.Equal((own.InputScale, own.OutputScale), (bounded.InputScale, bounded.OutputScale));
        foreach (var (degree, tail) in WindowEncoding.BaseCandidates)
            Assert.True(BaseMae(bounded, spiky) <= BaseMae(new WindowEncoding(OutputForm.Residual, 100, 100, 0, 1, 1, tail, degree), spiky));

        // Nothing admitted: the encoding keeps its own front end.
        Assert.Same(own, own.WithFrontEndFor(spiky, _ => false));
    }

    [Fact]
    public void EveryPartOfTheEncodingReadsTheFilteredWindow()
    {
        var windows = Spiky(ToyWindows.Make(5, 100, 100, seed: 12, noise: 0.0005), seed: 13);
        var encoding = new WindowEncoding(OutputForm.Residual, 100, 100, 0, 0.01, 0.02, 100, 2, medianWidth: 5);
        var filtered = new double[windows.AllHistories().Length];
        for (int k = 0; k < windows.Count; k++)
            Series.MedianFilter.Apply(windows.History(k), filtered.AsSpan(k * 100, 100), 5);
        var plain = new WindowEncoding(OutputForm.Residual, 100, 100, 0, 0.01, 0.02, 100, 2);

        float[] Inputs(WindowEncoding e, double[] h) { var x = new float[h.Length]; e.EncodeInputs(h, x, windows.Count); return x; }
        float[] Targets(WindowEncoding e, double[] h) { var y = new float[windows.AllTargets().Length]; e.EncodeTargets(h, windows.AllTargets(), y, windows.Count); return y; }
        double[] Decoded(WindowEncoding e, double[] h) { var f = new double[windows.AllTargets().Length]; e.Decode(h, Targets(e, h), f, windows.Count); return f; }
        Assert.Equal(Inputs(plain, filtered), Inputs(encoding, windows.AllHistories()));
        Assert.Equal(Targets(plain, filtered), Targets(encoding, windows.AllHistories()));
        Assert.Equal(Decoded(plain, filtered), Decoded(encoding, windows.AllHistories()));
        Assert.NotEqual(Inputs(plain, windows.AllHistories()), Inputs(encoding, windows.AllHistories()));
    }

    private static double BaseMae(WindowEncoding encoding, WindowArrays windows)
    {
        var forecasts = new double[windows.AllTargets().Length];
        encoding.Decode(windows.AllHistories(), new float[forecasts.Length], forecasts, windows.Count);
        var targets = windows.AllTargets();
        return forecasts.Select((f, i) => Math.Abs(f - targets[i])).Average();
    }

    /// <summary>The windows with one history value in ten raised or lowered by 0.05 (the targets left clean).</summary>
    private static WindowArrays Spiky(WindowArrays windows, int seed)
    {
        var rng = new Random(seed);
        var histories = windows.AllHistories();
        for (int i = 0; i < histories.Length; i++)
            if (rng.Next(10) == 0) histories[i] += rng.Next(2) == 0 ? 0.05 : -0.05;
        return new WindowArrays(histories, windows.AllTargets(), windows.Count, windows.InputLength, windows.Horizon);
    }

    private static WindowArrays Straight(int count, double noise, int seed)
    {
        var rng = new Random(seed);
        var x = new double[count * 100];
        var y = new double[count * 100];
        for (int k = 0; k < count; k++)
            for (int t = 0; t < 200; t++)
            {
                double v = 1.0 - 3e-4 * t + noise * (rng.NextDouble() * 2 - 1);
                if (t < 100) x[k * 100 + t] = v;
                else y[k * 100 + t - 100] = v;
            }
        return new WindowArrays(x, y, count, 100, 100);
    }

    /// <summary>Independent oracle: normal equations in the raw step index 0..m-1, solved by Gaussian elimination.</summary>
    private static double[] ReferencePolynomial(double[] tail, int horizon, int degree)
    {
        int m = tail.Length, n = degree + 1;
        var a = new double[n, n + 1];
        for (int t = 0; t < m; t++)
        {
            var row = Enumerable.Range(0, n).Select(p => Math.Pow(t, p)).ToArray();
            for (int r = 0; r < n; r++)
            {
                for (int c = 0; c < n; c++) a[r, c] += row[r] * row[c];
                a[r, n] += row[r] * tail[t];
            }
        }
        for (int p = 0; p < n; p++)
            for (int r = p + 1; r < n; r++)
            {
                double f = a[r, p] / a[p, p];
                for (int c = p; c <= n; c++) a[r, c] -= f * a[p, c];
            }
        var coef = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = a[r, n];
            for (int c = r + 1; c < n; c++) s -= a[r, c] * coef[c];
            coef[r] = s / a[r, r];
        }
        return Enumerable.Range(0, horizon).Select(h => { double t = m + h; return Enumerable.Range(0, n).Sum(p => coef[p] * Math.Pow(t, p)); }).ToArray();
    }
}
