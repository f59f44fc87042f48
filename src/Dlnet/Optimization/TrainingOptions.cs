namespace Dlnet.Optimization;

/// <summary>
/// Settings of one training run. Defaults are those of the published method (AdamW at 1e-3 with weight
/// decay 1e-4, cosine annealing per epoch, gradient norm clipped at 1, batches of 32, 200 epochs), plus
/// early stopping on the validation split, which the published code lacks.
/// </summary>
public sealed record TrainingOptions
{
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
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "epochs must be positive");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be positive");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learning rate must be positive");
        if (MinLearningRate < 0 || MinLearningRate > LearningRate) throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, "minimum learning rate must lie in [0, learning rate]");
        if (WarmupEpochs < 0 || WarmupEpochs >= Epochs) throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, "warm-up must be shorter than training");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "weight decay must not be negative");
        if (ClipNorm < 0) throw new ArgumentOutOfRangeException(nameof(ClipNorm), ClipNorm, "clip norm must not be negative");
        if (Patience < 0) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "patience must not be negative");
        if (Threads <= 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "threads must be positive");
        RegressionLoss.Parse(Loss, HuberDelta);
    }
}
