using Dlnet.Forecasting;
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
        var encoded = new float[windows.Targets.Length];
        encoding.EncodeTargets(windows.Histories, windows.Targets, encoded, windows.Count);
        var decoded = new double[encoded.Length];
        encoding.Decode(windows.Histories, encoded, decoded, windows.Count);
        for (int i = 0; i < decoded.Length; i++) Assert.Equal(windows.Targets[i], decoded[i], 1e-6);
    }

    [Theory]
    [InlineData(OutputForm.Delta)]
    [InlineData(OutputForm.Residual)]
    public void RelativeFormsHaveUnitRootMeanSquareOnTrainingWindows(OutputForm form)
    {
        var windows = ToyWindows.Make(50, 60, 20, seed: 2);
        var encoding = WindowEncoding.Fit(form, windows);
        var inputs = new float[windows.Histories.Length];
        var targets = new float[windows.Targets.Length];
        encoding.EncodeInputs(windows.Histories, inputs, windows.Count);
        encoding.EncodeTargets(windows.Histories, windows.Targets, targets, windows.Count);
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
        double min = windows.Histories.Concat(windows.Targets).Min(), max = windows.Histories.Concat(windows.Targets).Max();
        Assert.Equal(min, encoding.Offset);
        Assert.Equal(max - min, encoding.InputScale, 1e-15);
        var inputs = new float[windows.Histories.Length];
        var targets = new float[windows.Targets.Length];
        encoding.EncodeInputs(windows.Histories, inputs, windows.Count);
        encoding.EncodeTargets(windows.Histories, windows.Targets, targets, windows.Count);
        var all = inputs.Concat(targets).ToArray();
        Assert.Equal(0f, all.Min(), 1e-6f);
        Assert.Equal(1f, all.Max(), 1e-6f);
    }

    [Fact]
    public void ZeroOutputInDeltaFormForecastsTheLastValue()
    {
        var windows = ToyWindows.Make(5, 40, 10, seed: 4);
        var encoding = WindowEncoding.Fit(OutputForm.Delta, windows);
        var forecasts = new double[windows.Targets.Length];
        encoding.Decode(windows.Histories, new float[forecasts.Length], forecasts, windows.Count);
        for (int k = 0; k < windows.Count; k++)
            for (int h = 0; h < 10; h++) Assert.Equal(windows.History(k)[^1], forecasts[k * 10 + h]);
    }

    [Fact]
    public void ZeroOutputInResidualFormIsTheLeastSquaresQuadraticThroughTheLast50()
    {
        var windows = ToyWindows.Make(6, 80, 30, seed: 5, noise: 0.01);
        var encoding = WindowEncoding.Fit(OutputForm.Residual, windows);
        Assert.Equal(50, encoding.TailLength);
        var forecasts = new double[windows.Targets.Length];
        encoding.Decode(windows.Histories, new float[forecasts.Length], forecasts, windows.Count);
        for (int k = 0; k < windows.Count; k++)
        {
            var reference = ReferenceQuadratic(windows.History(k).ToArray()[^50..], 30);
            for (int h = 0; h < 30; h++) Assert.Equal(reference[h], forecasts[k * 30 + h], 1e-10);
        }
    }

    [Fact]
    public void ZeroOutputInResidualFormIsTheQuadratic50Baseline()
    {
        var windows = ToyWindows.Make(7, 100, 100, seed: 6, noise: 0.005);
        var encoding = WindowEncoding.Fit(OutputForm.Residual, windows);
        var forecasts = new double[windows.Targets.Length];
        encoding.Decode(windows.Histories, new float[forecasts.Length], forecasts, windows.Count);
        var baseline = new double[forecasts.Length];
        Dlnet.Baselines.BaselineFactory.Create("quadratic50").Forecast(windows.Histories, baseline, windows.Count);
        Assert.Equal(baseline, forecasts);
    }

    /// <summary>Independent oracle: normal equations in the raw step index 0..m-1, solved by Gaussian elimination.</summary>
    private static double[] ReferenceQuadratic(double[] tail, int horizon)
    {
        int m = tail.Length;
        var a = new double[3, 4];
        for (int t = 0; t < m; t++)
        {
            double[] row = [1, t, (double)t * t];
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 3; c++) a[r, c] += row[r] * row[c];
                a[r, 3] += row[r] * tail[t];
            }
        }
        for (int p = 0; p < 3; p++)
            for (int r = p + 1; r < 3; r++)
            {
                double f = a[r, p] / a[p, p];
                for (int c = p; c < 4; c++) a[r, c] -= f * a[p, c];
            }
        var coef = new double[3];
        for (int r = 2; r >= 0; r--)
        {
            double s = a[r, 3];
            for (int c = r + 1; c < 3; c++) s -= a[r, c] * coef[c];
            coef[r] = s / a[r, r];
        }
        return Enumerable.Range(0, horizon).Select(h => { double t = m + h; return coef[0] + coef[1] * t + coef[2] * t * t; }).ToArray();
    }
}
