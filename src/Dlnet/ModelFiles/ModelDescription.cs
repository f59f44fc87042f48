using System.Text.Json.Serialization;
using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.Optimization;
using Dlnet.Scoring;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.ModelFiles;

/// <summary>
/// <c>model.json</c>: everything needed to rebuild, rerun and judge a trained model apart from its
/// weights: the architecture and its options, the encoding with its fitted scales, how it was trained
/// (settings, seed, outcome), what data it saw (fingerprint, protocol) and its metrics per split.
/// </summary>
public sealed record ModelDescription
{
    public const string FormatName = "dlnet-model";

    public const int CurrentVersion = 1;

    public string Format { get; init; } = FormatName;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Name of the forecaster in tables and JSON reports.</summary>
    public required string Name { get; init; }

    /// <summary>A name of <see cref="ArchitectureRegistry"/>: <c>teacher</c>, <c>student</c>, <c>mlp</c>, ...</summary>
    public required string Architecture { get; init; }

    public NetworkOptions Options { get; init; } = new();

    public required int InputLength { get; init; }

    public required int Horizon { get; init; }

    /// <summary>Trainable scalars, for reading; the weights file is authoritative.</summary>
    public required int ParameterCount { get; init; }

    public required EncodingDescription Encoding { get; init; }

    /// <summary>The <see cref="WindowEncoding"/> of <see cref="Encoding"/> over this model's window and horizon.</summary>
    /// <exception cref="ArgumentException">The encoding's numbers do not make one.</exception>
    public WindowEncoding WindowEncoding() => Encoding.ToEncoding(InputLength, Horizon);

    /// <summary>Seed of the initial weights, the shuffling and the dropout masks.</summary>
    public int Seed { get; init; }

    public TrainingDescription? Training { get; init; }

    public DataDescription? Data { get; init; }

    /// <summary>How the model's data is split when it is used alone (deployed, reported, run in int8): as it was trained; the cells protocol's defaults when it names no data.</summary>
    public SplitPlan SplitPlan() => Data?.Plan() ?? Splits.SplitPlan.Default;

    /// <summary>How the model was distilled from a teacher; null when it learned from the targets alone.</summary>
    public DistillationDescription? Distillation { get; init; }

    /// <summary>Metrics in forecast units per split (<c>train</c>, <c>validation</c>, report splits), in that order.</summary>
    public IReadOnlyDictionary<string, SplitMetrics> Metrics { get; init; } = new Dictionary<string, SplitMetrics>();
}

/// <summary>A fitted <see cref="WindowEncoding"/> as numbers.</summary>
/// <param name="Form"><c>minmax</c>, <c>delta</c> or <c>residual</c>.</param>
/// <param name="Offset">minmax: the training minimum; 0 for the relative forms.</param>
/// <param name="InputScale">minmax: the training range; relative forms: s_in.</param>
/// <param name="OutputScale">minmax: the training range; relative forms: s_out.</param>
/// <param name="TailLength">residual: values the base is fitted through; 0 otherwise.</param>
/// <param name="BaseDegree">residual: the base is a line (1) or a quadratic (2, also for files that do not say).</param>
/// <param name="MedianWidth">Width of the running median the window passes first; 0 (none, and not written) for files that do not say.</param>
public sealed record EncodingDescription(string Form, double Offset, double InputScale, double OutputScale, int TailLength, int BaseDegree = 2,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int MedianWidth = 0)
{
    public static EncodingDescription From(WindowEncoding encoding) =>
        new(encoding.Form.ToName(), encoding.Offset, encoding.InputScale, encoding.OutputScale, encoding.TailLength,
            encoding.Form == OutputForm.Residual ? encoding.BaseDegree : 0, encoding.MedianWidth);

    /// <exception cref="ArgumentException">The numbers do not make an encoding.</exception>
    public WindowEncoding ToEncoding(int inputLength, int horizon)
    {
        if (!OutputForms.TryParse(Form, out var form)) throw new ArgumentException($"unknown output form '{Form}' (expected minmax, delta or residual)");
        return new WindowEncoding(form, inputLength, horizon, Offset, InputScale, OutputScale, TailLength, form == OutputForm.Residual ? BaseDegree : 2, MedianWidth);
    }
}

/// <summary>How a model was trained and how training ended.</summary>
public sealed record TrainingDescription(TrainingOptions Settings, int EpochsRun, int BestEpoch, double BestValidationMae, StopReason StopReason, double Seconds)
{
    public static TrainingDescription From(TrainingOptions settings, TrainingResult result) =>
        new(settings, result.EpochsRun, result.BestEpoch, result.BestValidationMae, result.StopReason, Math.Round(result.Elapsed.TotalSeconds, 3));
}

/// <summary>The data a model was trained on: where from, its fingerprint, and the protocol that split it.</summary>
/// <param name="Source">Path or description as loaded.</param>
/// <param name="Fingerprint">See <see cref="DataFingerprint"/>.</param>
/// <param name="Series">Series in the data set.</param>
/// <param name="Protocol"><c>cells</c> or <c>paper</c>, with its default settings.</param>
/// <param name="TrainWindows">Windows fitted on.</param>
/// <param name="ValidationWindows">Windows the checkpoint was chosen on.</param>
/// <param name="SplitSeed">Seed of the protocol's random splits.</param>
/// <param name="Adaptation">For a model adapted to this data (<see cref="AdaptationProtocol"/>): the cells adapted on; null otherwise.</param>
public sealed record DataDescription(string Source, string Fingerprint, string Protocol, int SplitSeed, int Series, int TrainWindows, int ValidationWindows,
    AdaptationProtocolOptions? Adaptation = null)
{
    /// <summary>The protocol the model was trained (or adapted) under, at its default strides.</summary>
    public SplitPlan Plan() => new(Protocol, SplitSeed, Adaptation: Adaptation);
}

/// <summary>Headline errors of one split, in forecast units (MAPE in percent).</summary>
public sealed record SplitMetrics(int Windows, double Mae, double Rmse, double Mape, double MaeAt10, double MaeAt100)
{
    public static SplitMetrics From(ForecastMetrics m) => new(m.Windows, m.Mae, m.Rmse, m.Mape, m.MaeAt10, m.MaeAt100);
}
