using Dlnet.Models;
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
        batched.Forecast(windows.Histories, all, 23);

        var single = new NetworkForecaster("m", net, encoding, maxBatch: 1);
        var one = new double[5];
        for (int k = 0; k < 23; k++)
        {
            single.Forecast(windows.History(k), one, 1);
            Assert.Equal(one, all.AsSpan(k * 5, 5).ToArray());
        }
    }

    [Fact]
    public void RejectsAnEncodingOfAnotherShape()
    {
        var windows = ToyWindows.Make(3, 20, 5, seed: 1);
        var encoding = WindowEncoding.Fit(OutputForm.Delta, windows);
        Assert.Throws<ArgumentException>(() => new NetworkForecaster("m", new TinyNetwork<float>(21, 5), encoding));
    }
}
