using Dlnet.Forecasting;
using Dlnet.Optimization;

namespace Dlnet.Tests.Training;

public class TrainerTests
{
    private static (TinyNetwork<float> Net, TrainingResult Result) TrainOnce(int seed, int threads, double dropout = 0.1, int epochs = 6)
    {
        var train = ToyWindows.Make(200, 30, 10, seed: 11);
        var validation = ToyWindows.Make(40, 30, 10, seed: 12);
        var net = new TinyNetwork<float>(30, 10, hidden: 16, dropout: dropout);
        net.Initialize(seed);
        var encoding = WindowEncoding.Fit(OutputForm.Delta, train);
        var options = new TrainingOptions { Epochs = epochs, BatchSize = 16, LearningRate = 3e-3, Seed = seed, Threads = threads, Patience = 0 };
        var result = new Trainer(net, encoding, options).Train(train, validation);
        return (net, result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void SameSeedAndThreadsGiveBitIdenticalWeights(int threads)
    {
        var (a, ra) = TrainOnce(seed: 5, threads);
        var (b, rb) = TrainOnce(seed: 5, threads);
        Assert.Equal(a.Parameters.Array, b.Parameters.Array);
        Assert.Equal(ra.History.Select(r => r.TrainLoss), rb.History.Select(r => r.TrainLoss));
        var (c, _) = TrainOnce(seed: 6, threads);
        Assert.NotEqual(a.Parameters.Array, c.Parameters.Array);
    }

    [Fact]
    public void ShardingDoesNotChangeTheMathBeyondRounding()
    {
        var (one, _) = TrainOnce(seed: 5, threads: 1, dropout: 0);
        var (three, _) = TrainOnce(seed: 5, threads: 3, dropout: 0);
        float worst = one.Parameters.Array.Zip(three.Parameters.Array, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(worst < 1e-3f, $"parameters differ by {worst} between 1 and 3 shards");
    }

    [Fact]
    public void TrainingReducesLossAndValidationError()
    {
        var (_, result) = TrainOnce(seed: 1, threads: 2, dropout: 0, epochs: 30);
        var first = result.History[0];
        var last = result.History[^1];
        Assert.True(last.TrainLoss < 0.5 * first.TrainLoss, $"train loss {first.TrainLoss} -> {last.TrainLoss}");
        Assert.True(result.BestValidationMae < first.ValidationMae, $"validation MAE {first.ValidationMae} -> {result.BestValidationMae}");
        Assert.Equal(30, result.EpochsRun);
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestValidationCheckpoint()
    {
        var train = ToyWindows.Make(100, 30, 10, seed: 21);
        var validation = ToyWindows.Make(20, 30, 10, seed: 22);
        var net = new TinyNetwork<float>(30, 10, hidden: 8);
        net.Initialize(1);
        var encoding = WindowEncoding.Fit(OutputForm.Delta, train);
        // A learning rate this high makes validation error wander, so patience runs out.
        var options = new TrainingOptions { Epochs = 60, BatchSize = 8, LearningRate = 0.3, Seed = 1, Threads = 1, Patience = 3, ClipNorm = 0 };
        var reports = new List<EpochReport>();
        var result = new Trainer(net, encoding, options).Train(train, validation, new EpochProgress(reports.Add));

        Assert.Equal(result.EpochsRun, reports.Count);
        var bestReport = reports.MinBy(r => r.ValidationMae)!;
        Assert.Equal(bestReport.Epoch, result.BestEpoch);
        Assert.Equal(bestReport.ValidationMae, result.BestValidationMae);
        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.Equal(result.BestEpoch + 3, result.EpochsRun);

        // the network now holds the best epoch's parameters: its validation MAE is the best one
        var forecaster = new NetworkForecaster("m", net, encoding);
        var forecasts = new double[validation.AllTargets().Length];
        forecaster.Forecast(validation.AllHistories(), forecasts, validation.Count);
        double mae = forecasts.Zip(validation.AllTargets(), (f, y) => Math.Abs(f - y)).Average();
        Assert.Equal(result.BestValidationMae, mae, 1e-12);
    }

    [Fact]
    public void CancellationStopsAndKeepsTheBestSoFar()
    {
        var train = ToyWindows.Make(50, 30, 10, seed: 31);
        var validation = ToyWindows.Make(10, 30, 10, seed: 32);
        var net = new TinyNetwork<float>(30, 10);
        net.Initialize(1);
        using var cts = new CancellationTokenSource();
        var progress = new EpochProgress(r => { if (r.Epoch == 2) cts.Cancel(); });
        var result = new Trainer(net, WindowEncoding.Fit(OutputForm.Delta, train), new TrainingOptions { Epochs = 10, Threads = 1 })
            .Train(train, validation, progress, cts.Token);
        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(2, result.EpochsRun);
    }

    /// <summary>Records the weights before every batch (the trained ones) and at every validation (what is validated).</summary>
    private sealed class WeightLog(TinyNetwork<float> net) : ITrainingHook
    {
        public List<float[]> Trained { get; } = [];

        public List<float[]> Validated { get; } = [];

        public void BeforeBatch() => Trained.Add(net.Parameters.Values.ToArray());

        public void BeforeValidation() => Validated.Add(net.Parameters.Values.ToArray());
    }

    [Fact]
    public void TheWeightAverageIsWhatIsValidatedAndKept()
    {
        var train = ToyWindows.Make(64, 30, 10, seed: 31);
        var validation = ToyWindows.Make(20, 30, 10, seed: 32);
        var net = new TinyNetwork<float>(30, 10, hidden: 8, dropout: 0);
        net.Initialize(2);
        var encoding = WindowEncoding.Fit(OutputForm.Delta, train);
        const double decay = 0.75;
        var options = new TrainingOptions { Epochs = 3, BatchSize = 16, LearningRate = 3e-3, Seed = 2, Threads = 1, Patience = 0, AverageDecay = decay };
        var log = new WeightLog(net);
        var result = new Trainer(net, encoding, options, hooks: [log]).Train(train, validation);

        // After step k the average is decay a + (1 - decay) p_k, from a = p_0; p_k is what the next batch starts from.
        int batches = 4;
        Assert.Equal(3 * batches, log.Trained.Count);
        Assert.Equal(3, log.Validated.Count);
        var average = log.Trained[0].Select(v => (double)v).ToArray();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int k = 1; k <= batches; k++)
            {
                var p = log.Trained[epoch * batches + k];
                for (int j = 0; j < average.Length; j++) average[j] = decay * average[j] + (1 - decay) * p[j];
            }
            double worst = average.Zip(log.Validated[epoch], (a, v) => Math.Abs(a - v)).Max();
            Assert.True(worst < 1e-6, $"epoch {epoch + 1}: the validated weights are {worst:E2} from the average");
            Assert.NotEqual(log.Trained[(epoch + 1) * batches], log.Validated[epoch]);
        }
        // The weights kept are the validated average of the best epoch.
        Assert.Equal(log.Validated[result.BestEpoch - 1], net.Parameters.Values.ToArray());
    }

    [Fact]
    public void AWeightAverageDecayOutsideZeroToOneIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { AverageDecay = 1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { AverageDecay = -0.1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { AverageDecay = double.NaN }.Validate());
    }
}
