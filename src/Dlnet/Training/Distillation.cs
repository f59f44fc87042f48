using Dlnet.Forecasting;
using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Nn;
using Dlnet.Optimization;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Training;

/// <summary>
/// Knowledge distillation of a student forecaster from a teacher's forecasts (and latent states), the
/// two stages of the published method: a fresh student from its settings (stage 1), or a given network,
/// typically a pruned student, fine-tuned (stage 2), optionally through fake int8 quantisation.
/// Everything else is as <see cref="ForecasterTraining.Run"/>: the encoding fitted on the training
/// windows (or a given one kept), early stopping and the checkpoint on the validation MAE of the real targets, metrics on
/// every split.
/// </summary>
public static class Distillation
{
    /// <summary>
    /// Trains a student with loss <c>lambda * task + (1 - lambda) * D(student, teacher) + HiddenWeight * hidden</c>
    /// (see <see cref="DistillationObjective"/>).
    /// </summary>
    /// <param name="series">The data set (for the description's fingerprint).</param>
    /// <param name="splits">Its protocol splits; the same the teacher targets were computed on.</param>
    /// <param name="splitSeed">Seed of the splits, for the description.</param>
    /// <param name="settings">Architecture, sizes, output form and training settings of the student;
    /// with <paramref name="initial"/>, only its form, training settings and name are used.</param>
    /// <param name="teacher">The teacher's forecasts and latents, from <see cref="TeacherTargets.Compute"/>.</param>
    /// <param name="options">Schedule, divergence, hidden term, quantisation-aware training.</param>
    /// <param name="initial">Start from a copy of this network (left unchanged) instead of a fresh one.</param>
    /// <param name="progress">Per-epoch reports.</param>
    /// <param name="cancellation">Stops after the current batch, keeping the best epoch so far.</param>
    /// <param name="encoding">Keep this encoding (the initial network's, when fine-tuning to new data) instead of fitting one on the training windows.</param>
    /// <exception cref="ArgumentException">Bad options, targets of other windows, a given encoding of another form, or a hidden term or quantisation-aware training the network cannot have.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the first epoch finished.</exception>
    /// <exception cref="InvalidOperationException">No training windows, or training diverged.</exception>
    public static TrainedForecaster Run(SeriesSet series, ProtocolSplits splits, int splitSeed, ForecasterTrainingSettings settings,
        TeacherTargets teacher, DistillationOptions options, INetwork<float>? initial = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellation = default, WindowEncoding? encoding = null)
    {
        options.Validate();
        settings.Training.Validate();
        if (splits.Train.Count == 0) throw new InvalidOperationException($"the {splits.Protocol} protocol leaves no training windows in {series.Source}");
        var train = WindowArrays.From(splits.Train);
        var validation = WindowArrays.From(splits.Validation);
        teacher.CheckWindows(train, validation);
        int w = train.InputLength, h = train.Horizon;

        var fitted = ForecasterTraining.Encoding(settings.Form, train, validation, encoding);
        var (network, networkOptions) = ForecasterTraining.StartingNetwork(settings, w, h, initial);

        // The teacher's forecasts in the student's encoded units, once.
        var teacherOutputs = new float[train.Count * h];
        for (int k = 0; k < train.Count; k++)
            fitted.EncodeTargets(train.History(k), teacher.TrainForecasts.AsSpan(k * h, h), teacherOutputs.AsSpan(k * h, h), 1);
        var task = RegressionLoss.Parse(settings.Training.Loss, settings.Training.HuberDelta);
        var objective = new DistillationObjective(options, settings.Training.Epochs, task, h, teacherOutputs, network,
            teacher.TrainLatents, teacher.LatentSize, projectionSeed: settings.Training.Seed);
        ITrainingHook[] hooks = options.QuantizationAware ? [new QuantizationAwareTraining(network)] : [];

        var result = new Trainer(network, fitted, settings.Training, objective, hooks).Train(train, validation, progress, cancellation);
        if (result.BestEpoch == 0)
        {
            if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(cancellation);
            throw new InvalidOperationException($"the validation error was never finite in {result.EpochsRun} epochs; lower the learning rate");
        }
        var distillation = new DistillationDescription(teacher.TeacherName, teacher.TeacherArchitecture, teacher.TeacherParameterCount,
            teacher.TeacherValidationMae, options, FromInitial: initial is not null);
        return ForecasterTraining.Describe(series, splits, splitSeed, settings, networkOptions, network, fitted, result, distillation);
    }
}
