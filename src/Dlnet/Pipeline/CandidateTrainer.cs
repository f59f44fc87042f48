using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.Int8;
using Dlnet.Nn;
using Dlnet.Optimization;
using Dlnet.Series;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Pipeline;

/// <summary>One training of a run: the teacher, a stage-1 student, or a compressed student in stage 2.</summary>
/// <param name="Settings">Architecture, sizes, output form and training options (seed and threads included).</param>
/// <param name="Teacher">The trained teacher to distil from; null trains on the targets alone (the teacher itself).</param>
/// <param name="Distillation">The distillation loss; ignored without a teacher.</param>
/// <param name="Initial">Start from this network instead of fresh weights (stage 2); it is not changed.</param>
public sealed record TrainingRequest(
    ForecasterTrainingSettings Settings,
    NetworkForecaster? Teacher = null,
    DistillationConfig? Distillation = null,
    NetworkForecaster? Initial = null);

/// <summary>The one place a run trains a network, so that tests can count and replace trainings.</summary>
public interface ICandidateTrainer
{
    /// <summary>Trains and scores on every split; <paramref name="progress"/> hears each epoch.</summary>
    TrainedForecaster Train(TrainingRequest request, IProgress<EpochReport>? progress, CancellationToken cancellation);
}

/// <summary>
/// Trains the networks of a run on one data set and protocol split: the teacher with
/// <see cref="ForecasterTraining.Run"/>, every student with <see cref="Training.Distillation.Run"/>
/// against the teacher's forecasts (and latent states), which are computed once per teacher and shared.
/// Safe to call from several threads at once.
/// </summary>
public sealed class CandidateTrainer(SeriesSet series, ProtocolSplits splits, int splitSeed, int threads) : ICandidateTrainer
{
    private readonly Lock _lock = new();
    private NetworkForecaster? _teacher;
    private TeacherTargets? _targets;

    public TrainedForecaster Train(TrainingRequest request, IProgress<EpochReport>? progress, CancellationToken cancellation)
    {
        if (request.Teacher is null)
            return ForecasterTraining.Run(series, splits, splitSeed, request.Settings, progress, cancellation);
        var d = request.Distillation ?? new DistillationConfig();
        var options = new DistillationOptions
        {
            Schedule = d.Schedule,
            LambdaStart = d.LambdaStart,
            LambdaEnd = d.LambdaEnd,
            Divergence = d.Divergence,
            HiddenWeight = d.HiddenWeight,
            QuantizationAware = d.QuantizationAware,
        };
        return Training.Distillation.Run(series, splits, splitSeed, request.Settings, Targets(request.Teacher), options,
            request.Initial?.Network, progress, cancellation);
    }

    /// <summary>
    /// Whether a distillation with <paramref name="d"/> can train <paramref name="network"/>: the hidden term
    /// needs a latent state, quantisation-aware training an architecture with a fake-quantised form, and a
    /// distillation starts from a given network only of the architectures pruning knows.
    /// </summary>
    public static bool CanDistil(INetwork<float> network, DistillationConfig d, bool fromInitial)
    {
        if (d.HiddenWeight > 0 && network is not ILatentNetwork<float>) return false;
        if (d.QuantizationAware && ArchitectureRegistry.Find<IQuantizationAwareArchitecture>(network.Architecture) is null) return false;
        return !fromInitial || NetworkPruning.IsPrunable(network);
    }

    private TeacherTargets Targets(NetworkForecaster teacher)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(teacher, _teacher))
            {
                // A teacher pass per window, once; the targets do not depend on the thread count.
                _targets = TeacherTargets.Compute(teacher, splits, threads);
                _teacher = teacher;
            }
            return _targets!;
        }
    }
}
