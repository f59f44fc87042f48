namespace Dlnet.Training;

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

    /// <summary>Epochs without a new best validation MAE before training stops; 0 never stops early.</summary>
    public int Patience { get; init; } = 20;

    /// <summary>Drives the shuffling and the dropout masks (not the initial weights: the network's Initialize does).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Threads, and so shards each batch is split into. Results are bit-identical for one seed and one
    /// thread count; another thread count sums gradients in another order, so differs in the last bits.
    /// </summary>
    public int Threads { get; init; } = Math.Min(Environment.ProcessorCount, MaxThreads);

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Epochs is <= 0 or > MaxEpochs) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"epochs must be between 1 and {MaxEpochs}");
        if (BatchSize is <= 0 or > MaxBatchSize) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"batch size must be between 1 and {MaxBatchSize}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learning rate must be positive");
        if (MinLearningRate < 0 || MinLearningRate > LearningRate) throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, "minimum learning rate must lie in [0, learning rate]");
        if (WarmupEpochs < 0 || WarmupEpochs >= Epochs) throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, "warm-up must be shorter than training");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "weight decay must not be negative");
        if (!(ClipNorm >= 0) || !double.IsFinite(ClipNorm)) throw new ArgumentOutOfRangeException(nameof(ClipNorm), ClipNorm, "clip norm must not be negative");
        if (Patience is < 0 or > MaxEpochs) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, $"patience must be between 0 and {MaxEpochs}");
        if (Threads is <= 0 or > MaxThreads) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, $"threads must be between 1 and {MaxThreads}");
        RegressionLoss.Parse(Loss, HuberDelta);
    }
}
