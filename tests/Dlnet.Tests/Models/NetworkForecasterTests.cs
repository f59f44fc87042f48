using Dlnet.Forecasting;
using Dlnet.Tests.Training;

namespace Dlnet.Tests.Models;

public class NetworkForecasterTests
{
    [Fact]
    public void ForecastsInChunksEqualForecastsOneByOne()
    {
        var windows = ToyWindows.Make(23, 20, 5, seed: 9);
        var net = new TinyNetwork<float>(20, 5, hidden: 6);
        net.Initialize(3);
        var encoding = WindowEncoding.Fit(OutputForm.Residual, windows);
        var batched = new NetworkForecaster("m", net, encoding, maxBatch: 4);
        var all = new double[23 * 5];
        batched.Forecast(windows.AllHistories(), all, 23);

        var single = new NetworkForecaster("m", net, encoding, maxBatch: 1);
        var one = new double[5];
        for (int k = 0; k < 23; k++)
        {
            single.Forecast(windows.History(k), one, 1);
            Assert.Equal(one, all.AsSpan(k * 5, 5).ToArray());
        }
    }

    [Fact]
    public void MonteCarloDropoutAveragesRepeatablePasses()
    {
        var windows = ToyWindows.Make(10, 20, 5, seed: 4);
        var encoding = WindowEncoding.Fit(OutputForm.Delta, windows);
        var net = new TinyNetwork<float>(20, 5, hidden: 16, dropout: 0.3);
        net.Initialize(2);
        double[] Run(int passes)
        {
            var f = new double[50];
            new NetworkForecaster("m", net, encoding) { DropoutPasses = passes }.Forecast(windows.AllHistories(), f, 10);
            return f;
        }
        var deterministic = Run(0);
        var mc = Run(20);
        Assert.Equal(mc, Run(20));
        Assert.NotEqual(deterministic, mc);
        // the mean of many passes lies near the deterministic (scaled) forecast, far nearer than a single pass
        double Distance(double[] a) => a.Zip(deterministic, (x, y) => Math.Abs(x - y)).Average();
        Assert.True(Distance(mc) < Distance(Run(1)), $"mean of 20 passes {Distance(mc)}, one pass {Distance(Run(1))}");

        // one pass is the training-mode forward with seed 0
        var ws = net.CreateWorkspace(10);
        ws.Seed = 0;
        var inputs = new float[200];
        var outputs = new float[50];
        encoding.EncodeInputs(windows.AllHistories(), inputs, 10);
        net.Forward(ws, inputs, outputs, 10, training: true);
        var expected = new double[50];
        encoding.Decode(windows.AllHistories(), outputs, expected, 10);
        Assert.Equal(expected, Run(1));
    }

    [Fact]
    public void RejectsAnEncodingOfAnotherShape()
    {
        var windows = ToyWindows.Make(3, 20, 5, seed: 1);
        var encoding = WindowEncoding.Fit(OutputForm.Delta, windows);
        Assert.Throws<ArgumentException>(() => new NetworkForecaster("m", new TinyNetwork<float>(21, 5), encoding));
    }
}
