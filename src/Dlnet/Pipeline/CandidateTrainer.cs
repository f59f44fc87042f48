using Dlnet.Evaluation;
using Dlnet.Models;
using Dlnet.Nn;
using Dlnet.Series;
using Dlnet.Training;

namespace Dlnet.Pipeline;

/// <summary>One training of a run: the teacher, a stage-1 student, or a compressed student in stage 2.</summary>
/// <param name="Settings">Architecture, sizes, output form and training options (seed and threads included).</param>
/// <param name="Teacher">The trained teacher to distil from; null trains on the targets alone (the teacher itself).</param>
/// <param name="Distillation">The distillation loss; ignored without a teacher.</param>
/// <param name="Initial">Start from this network and its encoding instead of fresh weights (stage 2); it is not changed.</param>
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
/// Trains the networks of a run on one data set and protocol split. Without a teacher it is
/// <see cref="ForecasterTraining.Run"/>; from an initial network it fine-tunes a copy of it.
/// </summary>
public sealed class CandidateTrainer(SeriesSet series, ProtocolSplits splits, int splitSeed) : ICandidateTrainer
{
    public TrainedForecaster Train(TrainingRequest request, IProgress<EpochReport>? progress, CancellationToken cancellation)
    {
        if (request.Initial is null) return ForecasterTraining.Run(series, splits, splitSeed, request.Settings, progress, cancellation);
        return FineTune(request.Settings, request.Initial, progress, cancellation);
    }

    private TrainedForecaster FineTune(ForecasterTrainingSettings settings, NetworkForecaster initial, IProgress<EpochReport>? progress, CancellationToken cancellation)
    {
        var train = WindowArrays.From(splits.Train);
        var validation = WindowArrays.From(splits.Validation);
        var network = NetworkFactory.Create<float>(settings.Architecture, settings.Options, initial.InputLength, initial.Horizon);
        if (network.Parameters.Count != initial.Network.Parameters.Count)
            throw new ArgumentException($"{settings.Architecture} with these options has {network.Parameters.Count} parameters, the initial network {initial.Network.Parameters.Count}");
        initial.Network.Parameters.Values.CopyTo(network.Parameters.Values);
        var result = new Trainer(network, initial.Encoding, settings.Training).Train(train, validation, progress, cancellation);
        if (result.BestEpoch == 0)
        {
            if (result.StopReason == "cancelled") throw new OperationCanceledException(cancellation);
            throw new InvalidOperationException($"the validation error was never finite in {result.EpochsRun} epochs; lower the learning rate");
        }
        string name = settings.Name ?? settings.Architecture;
        var forecaster = new NetworkForecaster(name, network, initial.Encoding);
        return new TrainedForecaster(forecaster, ModelScoring.Describe(series, splits, splitSeed, forecaster, settings, result), result);
    }
}
