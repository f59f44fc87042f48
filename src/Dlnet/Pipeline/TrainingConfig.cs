using Dlnet.Optimization;

namespace Dlnet.Pipeline;

/// <summary>
/// How one stage trains, as in a config file: the fields of <see cref="TrainingOptions"/> apart from the
/// seed and threads, which the run decides. Defaults are those of the published method, with early stopping.
/// </summary>
public sealed record TrainingConfig
{
    private static readonly TrainingOptions Defaults = new();

    public int Epochs { get; init; } = Defaults.Epochs;

    /// <summary>Epochs without a better validation MAE before stopping; 0 never stops early.</summary>
    public int Patience { get; init; } = Defaults.Patience;

    public int BatchSize { get; init; } = Defaults.BatchSize;

    public double LearningRate { get; init; } = Defaults.LearningRate;

    public double MinLearningRate { get; init; } = Defaults.MinLearningRate;

    public int WarmupEpochs { get; init; } = Defaults.WarmupEpochs;

    public double WeightDecay { get; init; } = Defaults.WeightDecay;

    public double ClipNorm { get; init; } = Defaults.ClipNorm;

    /// <summary><c>mse</c>, <c>mae</c> or <c>huber</c>, on the encoded targets.</summary>
    public string Loss { get; init; } = Defaults.Loss;

    public double HuberDelta { get; init; } = Defaults.HuberDelta;

    /// <inheritdoc cref="TrainingOptions.AverageDecay"/>
    public double AverageDecay { get; init; } = Defaults.AverageDecay;

    public TrainingOptions ToOptions(int seed, int threads) => new()
    {
        Epochs = Epochs,
        Patience = Patience,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        MinLearningRate = MinLearningRate,
        WarmupEpochs = WarmupEpochs,
        WeightDecay = WeightDecay,
        ClipNorm = ClipNorm,
        Loss = Loss,
        HuberDelta = HuberDelta,
        AverageDecay = AverageDecay,
        Seed = seed,
        Threads = threads,
    };
}
