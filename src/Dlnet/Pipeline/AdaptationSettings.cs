using Dlnet.Firmware;
using Dlnet.ModelFiles;
using Dlnet.Optimization;

namespace Dlnet.Pipeline;

/// <summary>
/// How <c>dlnet adapt</c> fine-tunes (docs/adaptation.md): a small learning rate and few epochs, early stopping on
/// the adaptation cells' validation windows, the rest of each model's own training settings (batch, loss, weight
/// decay, clipping) kept.
/// </summary>
public sealed record AdaptationSettings
{
    /// <summary>Most cells one adaptation takes: it is for a few cells of a new fleet; with many, train a run on it.</summary>
    public const int MaxCells = 10;

    /// <summary>Share of each adaptation cell's cycles, at its end, that chooses the checkpoint and the best classical.</summary>
    public double ValidationShare { get; init; } = 0.2;

    /// <summary>Seed of the cell draw, the shuffles and the dropout masks.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Threads of every training (results are identical for one seed and one thread count).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Most epochs of each fine-tuning.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Epochs without a better validation MAE before a fine-tuning stops.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Peak learning rate of the teacher's fine-tuning (a tenth of the published 1e-3: the weights are already trained).</summary>
    public double TeacherLearningRate { get; init; } = 1e-4;

    /// <summary>Peak learning rate of the student's distillation from the adapted teacher.</summary>
    public double StudentLearningRate { get; init; } = 1e-4;

    /// <summary>How the adapted student is deployed and checked.</summary>
    public DeploymentOptions Deployment { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (!(ValidationShare is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationShare), ValidationShare, "the validation share must lie strictly between 0 and 1");
        if (Threads <= 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "threads must be positive");
        Training(null, TeacherLearningRate).Validate();
        Training(null, StudentLearningRate).Validate();
    }

    /// <summary>The fine-tuning options of a model trained with <paramref name="trained"/> (the published defaults when unknown).</summary>
    internal TrainingOptions Training(TrainingDescription? trained, double learningRate) => (trained?.Settings ?? new TrainingOptions()) with
    {
        Epochs = Epochs,
        Patience = Patience,
        LearningRate = learningRate,
        MinLearningRate = 0,
        WarmupEpochs = 0,
        Seed = Seed,
        Threads = Threads,
    };
}
