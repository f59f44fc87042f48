namespace Dlnet.Optimization;

/// <summary>
/// Settings of one training run. Defaults are those of the published method (AdamW at 1e-3 with weight
/// decay 1e-4, cosine annealing per epoch, gradient norm clipped at 1, batches of 32, 200 epochs), plus
/// early stopping on the validation split, which the published code lacks.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Most epochs, batch size and threads a run may ask for (docs/cli.md): beyond them a run would not end, or would exhaust memory.</summary>
    public const int MaxEpochs = 100_000;

    /// <inheritdoc cref="MaxEpochs"/>
    public const int MaxBatchSize = 4096;

    /// <inheritdoc cref="MaxEpochs"/>
    public const int MaxThreads = 256;

    public int Epochs { get; init; } = 200;

    public int BatchSize { get; init; } = 32;

    /// <summary>Peak learning rate (after warm-up, before annealing).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Learning rate the cosine reaches at the last epoch.</summary>
    public double MinLearningRate { get; init; }

    public int WarmupEpochs { get; init; }

    /// <summary>Decoupled weight decay of AdamW.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Global L2 norm the gradient is clipped to; 0 disables clipping.</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary><c>mse</c>, <c>mae</c> or <c>huber</c>, on the encoded targets.</summary>
    public string Loss { get; init; } = "mse";

    public double HuberDelta { get; init; } = 1.0;

    /// <summary>
    /// Decay of an exponential moving average of the weights, updated after every step; validation, early stopping and the
    /// weights kept are the average's. 0: none, the weights as trained.
    /// </summary>
    public double AverageDecay { get; init; }

    /// <summary>Epochs without a new best validation MAE before training stops; 0 never stops early.</summary>
    public int Patience { get; init; } = 20;

    /// <summary>Drives the shuffling and the dropout masks (not the initial weights: the network's Initialize does).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Threads, and so shards each batch is split into. Results are bit-identical for one seed and one
    /// thread count; another thread count sums gradients in another order, so differs in the last bits.
    /// </summary>
    public int Threads { get; init; } = Math.Min(Environment.ProcessorCount, MaxThreads);

    // Without a parameter name, whose text the exception would add on lines of its own.
    private static ArgumentOutOfRangeException OutOfRange(string message) => new(message, (Exception?)null);

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Epochs is <= 0 or > MaxEpochs) throw OutOfRange($"epochs must be between 1 and {MaxEpochs}, got {Epochs}");
        if (BatchSize is <= 0 or > MaxBatchSize) throw OutOfRange($"batch size must be between 1 and {MaxBatchSize}, got {BatchSize}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw OutOfRange($"learning rate must be positive, got {LearningRate}");
        if (MinLearningRate < 0 || MinLearningRate > LearningRate) throw OutOfRange($"minimum learning rate must lie in [0, learning rate], got {MinLearningRate}");
        if (WarmupEpochs < 0 || WarmupEpochs >= Epochs) throw OutOfRange($"warm-up ({WarmupEpochs} epochs) must be shorter than training ({Epochs} epochs)");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay)) throw OutOfRange($"weight decay must not be negative, got {WeightDecay}");
        if (!(ClipNorm >= 0) || !double.IsFinite(ClipNorm)) throw OutOfRange($"clip norm must not be negative, got {ClipNorm}");
        if (!(AverageDecay >= 0 && AverageDecay < 1)) throw OutOfRange($"weight-average decay must lie in [0, 1), got {AverageDecay}");
        if (Patience is < 0 or > MaxEpochs) throw OutOfRange($"patience must be between 0 and {MaxEpochs}, got {Patience}");
        if (Threads is <= 0 or > MaxThreads) throw OutOfRange($"threads must be between 1 and {MaxThreads}, got {Threads}");
        RegressionLoss.Parse(Loss, HuberDelta);
    }
}
