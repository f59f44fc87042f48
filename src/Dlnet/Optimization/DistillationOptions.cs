namespace Dlnet.Optimization;

/// <summary>
/// Settings of knowledge distillation (docs/distillation.md): the loss
/// <c>lambda * task + (1 - lambda) * D(student, teacher) + HiddenWeight * hidden</c>, how lambda moves
/// over the epochs, and whether the student trains with fake int8 quantisation. The defaults are the
/// published method's: lambda rising linearly from 0.1 to 0.9, D the mean squared difference of the
/// outputs, no hidden term, float training.
/// </summary>
public sealed record DistillationOptions
{
    /// <summary><c>linear</c>: lambda from <see cref="LambdaStart"/> at the first epoch to <see cref="LambdaEnd"/> at the last; <c>constant</c>: <see cref="LambdaEnd"/> throughout.</summary>
    public string Schedule { get; init; } = "linear";

    /// <summary>Weight of the task loss at the first epoch (linear schedule).</summary>
    public double LambdaStart { get; init; } = 0.1;

    /// <summary>Weight of the task loss at the last epoch (linear), or at every epoch (constant).</summary>
    public double LambdaEnd { get; init; } = 0.9;

    /// <summary>
    /// D between student and teacher outputs in encoded units: <c>mse</c> (mean squared difference per
    /// value) or <c>cosine</c> (1 - cosine similarity per window, over the horizon).
    /// </summary>
    public string Divergence { get; init; } = "mse";

    /// <summary>
    /// Weight of the hidden term: the mean squared difference between the teacher's latent state and a
    /// learned linear projection of the student's (liquid students only); 0 turns it off.
    /// </summary>
    public double HiddenWeight { get; init; }

    /// <summary>Train through fake int8 quantisation of weights and activations with straight-through gradients.</summary>
    public bool QuantizationAware { get; init; }

    public const string LinearSchedule = "linear";

    public const string ConstantSchedule = "constant";

    /// <summary>Names <see cref="Divergence"/> accepts.</summary>
    public static IReadOnlyList<string> Divergences { get; } = [DistillationLoss.Mse, DistillationLoss.Cosine];

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Schedule is not (LinearSchedule or ConstantSchedule))
            throw new ArgumentException($"unknown lambda schedule '{Schedule}' (expected linear or constant)");
        if (!(LambdaStart is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(LambdaStart), LambdaStart, "lambda must lie in [0, 1]");
        if (!(LambdaEnd is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(LambdaEnd), LambdaEnd, "lambda must lie in [0, 1]");
        if (!Divergences.Contains(Divergence))
            throw new ArgumentException($"unknown divergence '{Divergence}' (expected {string.Join(" or ", Divergences)})");
        if (!(HiddenWeight >= 0) || !double.IsFinite(HiddenWeight))
            throw new ArgumentOutOfRangeException(nameof(HiddenWeight), HiddenWeight, "hidden weight must be finite and not negative");
    }

    /// <summary>
    /// The task weight lambda at the 0-based <paramref name="epoch"/> of <paramref name="epochs"/>: linear
    /// gives LambdaStart + (LambdaEnd - LambdaStart) * epoch / (epochs - 1) (LambdaStart for a single epoch).
    /// Planned epochs count, so early stopping ends the run with lambda short of LambdaEnd.
    /// </summary>
    public double LambdaAt(int epoch, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        if (Schedule == ConstantSchedule) return LambdaEnd;
        if (epochs == 1) return LambdaStart;
        double progress = Math.Min(1.0, (double)epoch / (epochs - 1));
        return LambdaStart + (LambdaEnd - LambdaStart) * progress;
    }
}
