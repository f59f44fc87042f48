using Dlnet.Firmware;
using Dlnet.ModelFiles;
using Dlnet.Optimization;

namespace Dlnet.Pipeline;

/// <summary>
/// How <c>dlnet adapt</c> fine-tunes (docs/adaptation.md): a short schedule with early stopping on the adaptation
/// cells' validation windows, a loss that spikes cannot dominate, the rest of each model's own training settings
/// (batch, weight decay, clipping) kept. The defaults were chosen on the validation windows of five measured
/// MIT-Stanford cells, adapting a model trained on the smoothed series.
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
    public int Epochs { get; init; } = 60;

    /// <summary>Epochs without a better validation MAE before a fine-tuning stops.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>
    /// Peak learning rate of the teacher's fine-tuning. The kept encoding's base may be far off on the new data (a short
    /// fit chosen on smoothed curves extrapolates measurement noise), and a small rate barely moves the network towards
    /// correcting it: on the measured cells, both rates at 1e-4 left the adapted final model's validation MAE at 0.0174,
    /// both at 3e-3 brought it to 0.0153.
    /// </summary>
    public double TeacherLearningRate { get; init; } = 3e-3;

    /// <summary>Peak learning rate of the student's distillation from the adapted teacher.</summary>
    public double StudentLearningRate { get; init; } = 3e-3;

    /// <summary>Loss of both fine-tunings (<c>mse</c>, <c>mae</c>, <c>huber</c>; null keeps each model's own): Huber, so that the spikes of measured data do not dominate it.</summary>
    public string? Loss { get; init; } = "huber";

    /// <summary>
    /// Whether the encoding's front end, the running median and the residual form's base, is chosen again on the
    /// adaptation cells' training and validation windows (the scales kept): what the new fleet's measurements need, a spike
    /// filter and a fit long enough to average their noise, is a property of those measurements, not of the
    /// network. False keeps the whole encoding.
    /// </summary>
    public bool ChooseFrontEnd { get; init; } = true;

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
        Loss = Loss ?? trained?.Settings.Loss ?? new TrainingOptions().Loss,
        Epochs = Epochs,
        Patience = Patience,
        LearningRate = learningRate,
        MinLearningRate = 0,
        WarmupEpochs = 0,
        Seed = Seed,
        Threads = Threads,
    };
}
