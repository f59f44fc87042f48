namespace Dlnet.Optimization;

/// <summary>
/// Learning rate per epoch: an optional linear warm-up to <see cref="Peak"/> over <see cref="WarmupEpochs"/>
/// epochs, then cosine annealing from <see cref="Peak"/> down to <see cref="Floor"/> over the remaining epochs
/// (the schedule of PyTorch's <c>CosineAnnealingLR</c> with T_max the number of annealed epochs).
/// </summary>
public sealed record LearningRateSchedule(double Peak, int Epochs, int WarmupEpochs = 0, double Floor = 0)
{
    /// <summary>The rate for the 0-based <paramref name="epoch"/>.</summary>
    public double At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (epoch < WarmupEpochs) return Peak * (epoch + 1) / WarmupEpochs;
        int annealed = Math.Max(1, Epochs - WarmupEpochs);
        double progress = Math.Min(1.0, (double)(epoch - WarmupEpochs) / annealed);
        return Floor + (Peak - Floor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
