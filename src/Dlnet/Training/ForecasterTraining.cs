using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Optimization;
using Dlnet.Scoring;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Training;

/// <summary>What to train: an architecture with its options, an output form, training settings.</summary>
/// <param name="Architecture">A name of <see cref="ArchitectureRegistry"/>.</param>
/// <param name="Options">Sizes of the network.</param>
/// <param name="Form">How windows are encoded (docs/output-form.md).</param>
/// <param name="Training">Optimiser, schedule, early stopping; its seed also draws the initial weights.</param>
/// <param name="Name">Name of the forecaster in reports; the architecture name when null.</param>
public sealed record ForecasterTrainingSettings(string Architecture, NetworkOptions Options, OutputForm Form, TrainingOptions Training, string? Name = null);

/// <summary>A trained forecaster, its description (ready for <see cref="ModelFile.Save"/>) and how training went.</summary>
public sealed record TrainedForecaster(NetworkForecaster Forecaster, ModelDescription Description, TrainingResult Result);

/// <summary>
/// The whole of training one forecaster under a protocol: fit the encoding on the training windows, build
/// and initialise the network from the seed, train with early stopping on the validation windows, then
/// score every split in forecast units. Shared by <c>dlnet train</c> and the pipeline.
/// </summary>
public static class ForecasterTraining
{
    /// <exception cref="OperationCanceledException">Cancelled before the first epoch finished.</exception>
    /// <exception cref="InvalidOperationException">Training diverged.</exception>
    /// <exception cref="IO.DataFormatException">The splits hold no validation window (<see cref="ProtocolSplits.RequireValidation"/>).</exception>
    public static TrainedForecaster Run(SeriesSet series, ProtocolSplits splits, int splitSeed, ForecasterTrainingSettings settings,
        IProgress<EpochReport>? progress = null, CancellationToken cancellation = default)
    {
        if (splits.Train.Count == 0) throw new InvalidOperationException($"the {splits.Protocol} protocol leaves no training windows in {series.Source}");
        splits.RequireValidation();
        var train = WindowArrays.From(splits.Train);
        var validation = WindowArrays.From(splits.Validation);
        int w = train.InputLength, h = train.Horizon;

        var encoding = WindowEncoding.Fit(settings.Form, train, validation);
        var network = ArchitectureRegistry.Named(settings.Architecture).Create<float>(settings.Options, w, h);
        network.Initialize(settings.Training.Seed);
        var result = new Trainer(network, encoding, settings.Training).Train(train, validation, progress, cancellation);
        if (result.BestEpoch == 0)
        {
            // Cancelled before any epoch finished: there is nothing worth keeping.
            if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(cancellation);
            throw new InvalidOperationException($"the validation error was never finite in {result.EpochsRun} epochs; lower the learning rate");
        }

        return Describe(series, splits, splitSeed, settings, settings.Options, network, encoding, result);
    }

    /// <summary>
    /// The forecaster of a trained network with its metrics on every split and its description
    /// (<paramref name="options"/> being the network's actual sizes, <paramref name="distillation"/> how it was distilled, if it was).
    /// </summary>
    internal static TrainedForecaster Describe(SeriesSet series, ProtocolSplits splits, int splitSeed, ForecasterTrainingSettings settings,
        NetworkOptions options, Nn.INetwork<float> network, WindowEncoding encoding, TrainingResult result, DistillationDescription? distillation = null)
    {
        int w = encoding.InputLength, h = encoding.Horizon;
        string name = settings.Name ?? network.Architecture;
        var forecaster = new NetworkForecaster(name, network, encoding);
        var metrics = new Dictionary<string, SplitMetrics>(StringComparer.Ordinal);
        foreach (var split in splits.All)
            metrics[split.Name] = SplitMetrics.From(Evaluator.Evaluate(forecaster, split).Overall);

        var description = new ModelDescription
        {
            Name = name,
            Architecture = network.Architecture,
            Options = options,
            InputLength = w,
            Horizon = h,
            ParameterCount = network.Parameters.Count,
            Encoding = EncodingDescription.From(encoding),
            Seed = settings.Training.Seed,
            Training = TrainingDescription.From(settings.Training, result),
            Data = new DataDescription(series.Source, DataFingerprint.Compute(series), splits.Protocol, splitSeed,
                series.Count, splits.Train.Count, splits.Validation.Count),
            Metrics = metrics,
            Distillation = distillation,
        };
        return new TrainedForecaster(forecaster, description, result);
    }
}
