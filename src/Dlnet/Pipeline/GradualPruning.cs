using Dlnet.Architectures;
using Dlnet.Compression;
using Dlnet.Forecasting;
using Dlnet.Optimization;
using Dlnet.Training;

namespace Dlnet.Pipeline;

/// <summary>
/// Stage 2 by gradual pruning (<c>stage2.pruning_steps</c> above 1): the stage-1 student cut step by step as
/// <see cref="PruningSchedule"/> plans, and distilled after every cut, so that each cut starts from a network that has
/// recovered from the one before. The steps before the last train half the epochs, without early stopping; the last
/// trains as a one-cut stage 2 does.
/// </summary>
internal static class GradualPruning
{
    /// <summary>Epochs of a step before the last.</summary>
    public static int StepEpochs(int epochs) => Math.Max(1, epochs / 2);

    /// <summary>Epochs of all steps together.</summary>
    public static int TotalEpochs(int epochs, int steps) => epochs + (steps - 1) * StepEpochs(epochs);

    /// <summary>Whether stage 2 reaches <paramref name="ratio"/> in steps: only where there is more than one step and something to cut.</summary>
    public static bool CutsInSteps(int steps, double ratio) => steps > 1 && ratio > 0;

    /// <summary>
    /// The compressed candidates stage 2 starts from, in their order: those within the budget and, with more than one
    /// step, also each stage-1 student's largest ratio over it. The budget is judged on the one-cut candidate, but cut in
    /// steps a student loses other units (every step ranks them again, across layers, after training), so the model
    /// stage 2 makes has other widths and can fit where the one-cut candidate does not; selection judges it on its own cost.
    /// </summary>
    public static CandidateRecord[] Admitted(IReadOnlyList<CandidateRecord> compressed, int steps)
    {
        var boundary = compressed.Where(c => !c.WithinBudget && CutsInSteps(steps, c.PruneRatio))
            .GroupBy(c => c.Parent)
            .Select(g => g.MaxBy(c => c.PruneRatio)!.Name)
            .ToHashSet();
        return [.. compressed.Where(c => c.WithinBudget || boundary.Contains(c.Name))];
    }

    /// <summary>
    /// The stage-1 student <paramref name="stage1"/> (with options <paramref name="options"/>) pruned by <paramref name="ratio"/>
    /// in the run's steps and distilled after each; the last training's result, or a cancelled one as soon as one is.
    /// </summary>
    public static TrainedForecaster Distil(ICandidateTrainer trainer, RunConfig config, NetworkForecaster teacher, NetworkForecaster stage1,
        string architecture, NetworkOptions options, double ratio, string name, IProgress<EpochReport>? progress, CancellationToken cancellation)
    {
        var s = config.Stage2;
        double[] ratios = PruningSchedule.StepRatios(ratio, s.PruningSteps);
        int[] epochs = [.. ratios.Select((_, k) => k == ratios.Length - 1 ? s.Training.Epochs : StepEpochs(s.Training.Epochs))];
        var network = stage1.Network;
        TrainedForecaster? trained = null;
        for (int k = 0; k < ratios.Length; k++)
        {
            (network, options) = NetworkPruning.Prune(network, options, ratios[k], config.Pruning);
            var training = k == ratios.Length - 1 ? s.Training : s.Training with { Epochs = epochs[k], Patience = 0 };
            var settings = new ForecasterTrainingSettings(architecture, options, config.OutputForm, training.ToOptions(config.Seed, threads: 1), name);
            var initial = new NetworkForecaster(name, network, stage1.Encoding);
            trained = trainer.Train(new TrainingRequest(settings, teacher, s.Distillation, initial),
                progress is null || ratios.Length == 1 ? progress : new StepProgress(progress, epochs, k), cancellation);
            if (trained.Result.StopReason == StopReason.Cancelled) break;
            network = trained.Forecaster.Network;
        }
        return trained!;
    }

    /// <summary>A step's epochs reported as part of the whole job: counted on from the steps before, time left including the steps after.</summary>
    private sealed class StepProgress(IProgress<EpochReport> inner, int[] epochs, int step) : IProgress<EpochReport>
    {
        private readonly int _before = epochs[..step].Sum();
        private readonly int _after = epochs[(step + 1)..].Sum();

        public void Report(EpochReport value) => inner.Report(value with
        {
            Epoch = _before + value.Epoch,
            Epochs = _before + value.Epochs + _after,
            Remaining = value.Remaining + (value.Elapsed + value.Remaining) / value.Epochs * _after,
        });
    }
}
