using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Nn;
using Dlnet.Nn.Networks;
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
/// score every split in forecast units. Shared by <c>dlnet train</c> and the pipeline. Fine-tuning
/// (<c>dlnet adapt</c>) starts instead from a copy of a trained network and keeps its encoding, so that its
/// inputs and outputs mean what they meant.
/// </summary>
public static class ForecasterTraining
{
    /// <param name="series">The data set (for the description's fingerprint).</param>
    /// <param name="splits">Its protocol splits.</param>
    /// <param name="splitSeed">Seed of the splits, for the description.</param>
    /// <param name="settings">Architecture, sizes, output form and training settings; with <paramref name="initial"/>, only its form, training settings and name are used.</param>
    /// <param name="progress">Per-epoch reports.</param>
    /// <param name="cancellation">Stops after the current batch, keeping the best epoch so far.</param>
    /// <param name="initial">Start from a copy of this network (left unchanged) instead of fresh weights.</param>
    /// <param name="encoding">Keep this encoding instead of fitting one on the training windows; its form must be the settings' form.</param>
    /// <exception cref="ArgumentException">A given network or encoding that does not fit the windows or the settings.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the first epoch finished.</exception>
    /// <exception cref="InvalidOperationException">Training diverged.</exception>
    /// <exception cref="IO.DataFormatException">The splits hold no validation window (<see cref="ProtocolSplits.RequireValidation"/>).</exception>
    public static TrainedForecaster Run(SeriesSet series, ProtocolSplits splits, int splitSeed, ForecasterTrainingSettings settings,
        IProgress<EpochReport>? progress = null, CancellationToken cancellation = default,
        INetwork<float>? initial = null, WindowEncoding? encoding = null)
    {
        if (splits.Train.Count == 0) throw new InvalidOperationException($"the {splits.Protocol} protocol leaves no training windows in {series.Source}");
        splits.RequireValidation();
        var train = WindowArrays.From(splits.Train);
        var validation = WindowArrays.From(splits.Validation);

        encoding = Encoding(settings.Form, train, validation, encoding);
        var (network, options) = StartingNetwork(settings, train.InputLength, train.Horizon, initial);
        var result = new Trainer(network, encoding, settings.Training).Train(train, validation, progress, cancellation);
        if (result.BestEpoch == 0)
        {
            // Cancelled before any epoch finished: there is nothing worth keeping.
            if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(cancellation);
            throw new InvalidOperationException($"the validation error was never finite in {result.EpochsRun} epochs; lower the learning rate");
        }

        return Describe(series, splits, splitSeed, settings, options, network, encoding, result);
    }

    /// <summary><paramref name="kept"/> when given (checked against the windows and the form), else an encoding fitted on the training windows.</summary>
    internal static WindowEncoding Encoding(OutputForm form, WindowArrays train, WindowArrays validation, WindowEncoding? kept)
    {
        if (kept is null) return WindowEncoding.Fit(form, train, validation);
        if (kept.Form != form)
            throw new ArgumentException($"the given encoding is of form {kept.Form.ToName()} but the settings ask for {form.ToName()}");
        if (kept.InputLength != train.InputLength || kept.Horizon != train.Horizon)
            throw new ArgumentException($"the given encoding maps {kept.InputLength} -> {kept.Horizon} values but the windows are {train.InputLength} + {train.Horizon}");
        return kept;
    }

    /// <summary>
    /// The network training starts from, with the options that describe it: a fresh one from the settings,
    /// initialised from their seed, or one built from options that describe <paramref name="initial"/> (so that
    /// the model file rebuilds it) holding a copy of its parameters.
    /// </summary>
    internal static (INetwork<float> Network, NetworkOptions Options) StartingNetwork(ForecasterTrainingSettings settings, int w, int h, INetwork<float>? initial)
    {
        if (initial is null)
        {
            var fresh = ArchitectureRegistry.Named(settings.Architecture).Create<float>(settings.Options, w, h);
            fresh.Initialize(settings.Training.Seed);
            return (fresh, settings.Options);
        }
        if (initial.InputSize != w || initial.OutputSize != h)
            throw new ArgumentException($"the initial network maps {initial.InputSize} -> {initial.OutputSize} values but the windows are {w} + {h}");
        var architecture = ArchitectureRegistry.Named(initial.Architecture);
        var options = architecture.Describe(initial);
        var network = architecture.Create<float>(options, w, h);
        var from = initial.Parameters.Tensors;
        var to = network.Parameters.Tensors;
        if (from.Count != to.Count || from.Zip(to).Any(p => p.First.Name != p.Second.Name || !p.First.Shape.SequenceEqual(p.Second.Shape)))
            throw new ArgumentException($"the initial {initial.Architecture} network cannot be described by its options (the model file could not rebuild it)");
        initial.Parameters.Values.CopyTo(network.Parameters.Values);
        return (network, options);
    }

    /// <summary>
    /// The forecaster of a trained network with its metrics on every split and its description
    /// (<paramref name="options"/> being the network's actual sizes, <paramref name="distillation"/> how it was distilled, if it was).
    /// </summary>
    internal static TrainedForecaster Describe(SeriesSet series, ProtocolSplits splits, int splitSeed, ForecasterTrainingSettings settings,
        NetworkOptions options, INetwork<float> network, WindowEncoding encoding, TrainingResult result, DistillationDescription? distillation = null)
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
