using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Optimization;
using Dlnet.Scoring;
using Dlnet.Series;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Pipeline;

/// <summary>Scores of a run's models on every split, as model descriptions and as report rows.</summary>
public static class ModelScoring
{
    /// <summary>The model description of <paramref name="forecaster"/>, scored on every split of <paramref name="splits"/>.</summary>
    /// <param name="series">The run's data.</param>
    /// <param name="splits">The run's protocol splits of <paramref name="series"/>.</param>
    /// <param name="splitSeed">Seed the splits were drawn with.</param>
    /// <param name="forecaster">The model, named as it is to be reported.</param>
    /// <param name="settings">Architecture, options and training settings it was made with.</param>
    /// <param name="result">How training went, or null for a model made without training (pruned).</param>
    public static ModelDescription Describe(SeriesSet series, ProtocolSplits splits, int splitSeed, NetworkForecaster forecaster,
        ForecasterTrainingSettings settings, TrainingResult? result)
    {
        var metrics = new Dictionary<string, SplitMetrics>(StringComparer.Ordinal);
        foreach (var split in splits.All)
            metrics[split.Name] = SplitMetrics.From(Evaluator.Evaluate(forecaster, split).Overall);
        return new ModelDescription
        {
            Name = forecaster.Name,
            Architecture = settings.Architecture,
            Options = settings.Options,
            InputLength = forecaster.InputLength,
            Horizon = forecaster.Horizon,
            ParameterCount = forecaster.Network.Parameters.Count,
            Encoding = EncodingDescription.From(forecaster.Encoding),
            Seed = settings.Training.Seed,
            Training = result is null ? null : TrainingDescription.From(settings.Training, result),
            Data = new DataDescription(series.Source, DataFingerprint.Compute(series), splits.Protocol, splitSeed,
                series.Count, splits.Train.Count, splits.Validation.Count),
            Metrics = metrics,
        };
    }

    /// <summary>The description's metrics as rows named <paramref name="predictor"/>, in the order of <paramref name="splits"/>.</summary>
    public static IReadOnlyList<EvaluationRow> Rows(string predictor, ModelDescription description, ProtocolSplits splits) =>
        [.. splits.All.Where(s => description.Metrics.ContainsKey(s.Name)).Select(s =>
        {
            var m = description.Metrics[s.Name];
            return new EvaluationRow(predictor, s.Name, m.Windows, Finite(m.Mae), Finite(m.Rmse), Finite(m.Mape), Finite(m.MaeAt10), Finite(m.MaeAt100));
        })];

    /// <summary>A forecaster scored on every split.</summary>
    public static IReadOnlyList<EvaluationRow> Rows(IForecaster forecaster, ProtocolSplits splits) =>
        [.. splits.All.Select(s => EvaluationRow.From(Evaluator.Evaluate(forecaster, s)))];

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
