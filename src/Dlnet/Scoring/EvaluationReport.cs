using System.Text.Json;
using System.Text.Json.Serialization;
using Dlnet.IO;

namespace Dlnet.Scoring;

/// <summary>
/// The JSON written by evaluation commands:
/// <c>{"protocol": ..., "results": [{"predictor", "split", "windows", "mae", "rmse", "mape", "mae_at_10", "mae_at_100"}], "best_classical": {"name", "chosen_on"}}</c>,
/// one row per predictor and split. Undefined numbers are written as null; <c>best_classical</c> is null when no
/// classical extrapolation could be chosen (no validation cells).
/// </summary>
public sealed record EvaluationReport(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("results")] IReadOnlyList<EvaluationRow> Results,
    [property: JsonPropertyName("best_classical")] ClassicalChoice? BestClassical = null)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Writes the report so that readers see the old file or the whole new one, never half.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    public static EvaluationReport Parse(string json) =>
        JsonSerializer.Deserialize<EvaluationReport>(json, Options) ?? throw new JsonException("the report is null");
}

/// <summary>One predictor on one split; MAPE in percent, steps 1-based.</summary>
public sealed record EvaluationRow(
    [property: JsonPropertyName("predictor")] string Predictor,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("windows")] int Windows,
    [property: JsonPropertyName("mae")] double? Mae,
    [property: JsonPropertyName("rmse")] double? Rmse,
    [property: JsonPropertyName("mape")] double? Mape,
    [property: JsonPropertyName("mae_at_10")] double? MaeAt10,
    [property: JsonPropertyName("mae_at_100")] double? MaeAt100)
{
    public static EvaluationRow From(SplitEvaluation evaluation)
    {
        var m = evaluation.Overall;
        return new EvaluationRow(evaluation.Forecaster, evaluation.Split, m.Windows,
            Finite(m.Mae), Finite(m.Rmse), Finite(m.Mape), Finite(m.MaeAt10), Finite(m.MaeAt100));
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}

/// <summary>The classical extrapolation every comparison uses, and the split it was chosen on (<c>validation</c>).</summary>
public sealed record ClassicalChoice(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("chosen_on")] string ChosenOn);
