using Dlnet.Optimization;
using Dlnet.Training;

namespace Dlnet.Pipeline;

/// <summary>
/// Several trainings of one student, each from its own initial weights and batch order, of which the one with
/// the lowest validation MAE is kept. A student of a few thousand parameters can settle in a poor minimum from
/// one start and never leave it: with the paper preset on the MIT-Stanford cells, seed 1, h4-r4-e8-d16 stopped
/// improving at epoch 7 (validation MAE 0.00110) where seed 2 reached 0.00074 (docs/pipeline.md, "Restarts").
/// </summary>
public static class Restarts
{
    /// <summary>Most trainings a grid entry may ask for per student.</summary>
    public const int Max = 10;

    /// <summary>What the seed grows by from one restart to the next.</summary>
    public const int SeedStride = 1000;

    /// <summary>Seed of training <paramref name="restart"/> (from 0): the run's seed first, so one training is the run as without restarts.</summary>
    public static int Seed(int seed, int restart) => unchecked(seed + SeedStride * restart);

    /// <summary>
    /// Runs <paramref name="train"/> for restarts 0 .. <paramref name="count"/> - 1 and keeps the lowest validation MAE,
    /// the earliest on a tie; a NaN (diverged) never wins over a number. A cancelled training ends the search and is
    /// returned, for the caller to treat as cancelled.
    /// </summary>
    public static TrainedForecaster Best(int count, Func<int, TrainedForecaster> train)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Max);
        TrainedForecaster? best = null;
        for (int restart = 0; restart < count; restart++)
        {
            var trained = train(restart);
            if (trained.Result.StopReason == StopReason.Cancelled) return trained;
            if (best is null || Better(trained.Result.BestValidationMae, best.Result.BestValidationMae)) best = trained;
        }
        return best!;
    }

    /// <summary>
    /// The progress of training <paramref name="restart"/> of <paramref name="count"/> as part of one job: epochs
    /// counted on from the earlier trainings, time left including the later ones.
    /// </summary>
    public static IProgress<EpochReport>? Progress(IProgress<EpochReport>? progress, int restart, int count) =>
        progress is null || count == 1 ? progress : new Relay(progress, restart, count);

    private static bool Better(double mae, double best) => !double.IsNaN(mae) && (double.IsNaN(best) || mae < best);

    private sealed class Relay(IProgress<EpochReport> inner, int restart, int count) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => inner.Report(value with
        {
            Epoch = restart * value.Epochs + value.Epoch,
            Epochs = count * value.Epochs,
            Remaining = value.Remaining + (count - 1 - restart) * (value.Elapsed + value.Remaining),
        });
    }
}
