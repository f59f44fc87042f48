using System.Text.Json;
using System.Text.Json.Serialization;
using Dlnet.Firmware;
using Dlnet.IO;
using Dlnet.Optimization;
using Dlnet.Scoring;

namespace Dlnet.Pipeline;

/// <summary>
/// <c>adapt.json</c>, what an adaptation found: where the model came from, the cells adapted on, how each
/// fine-tuning went, the classical extrapolations and the one chosen on the adaptation cells' validation windows,
/// every predictor before and after on every held-out split, and the deployment. Written last, atomically.
/// </summary>
public sealed record AdaptationReport
{
    public const string FileName = "adapt.json";

    /// <summary>Names of the predictors in <see cref="Results"/>, beside the classical ones.</summary>
    public const string TeacherBefore = "teacher before", TeacherAfter = "teacher after",
        FinalBefore = "final before", FinalAfter = "final after", Int8Before = "final int8 before", Int8After = "final int8 after";

    [JsonPropertyName("dlnet_version")] public required string DlnetVersion { get; init; }

    [JsonPropertyName("source")] public required AdaptationSourceSummary Source { get; init; }

    [JsonPropertyName("data")] public required DataSummary Data { get; init; }

    [JsonPropertyName("adaptation")] public required AdaptationSummary Adaptation { get; init; }

    /// <summary>The teacher's fine-tuning; null when there was no teacher.</summary>
    [JsonPropertyName("teacher")] public FineTuningSummary? Teacher { get; init; }

    [JsonPropertyName("final")] public required FineTuningSummary Final { get; init; }

    [JsonPropertyName("classical")] public required AdaptationClassical Classical { get; init; }

    /// <summary>Every predictor on the validation windows and on each held-out split.</summary>
    [JsonPropertyName("results")] public required IReadOnlyList<EvaluationRow> Results { get; init; }

    /// <summary>Per held-out split: before and after, float and int8, beside the best classical.</summary>
    [JsonPropertyName("comparison")] public required IReadOnlyList<AdaptationComparison> Comparison { get; init; }

    /// <summary>The content of <c>firmware/deploy.json</c>; null when the adapted model was not deployed.</summary>
    [JsonPropertyName("deployment")] public DeploymentReport? Deployment { get; init; }

    /// <summary>The device limits the adapted model was deployed under (the run's own for a run folder).</summary>
    [JsonPropertyName("budget")] public required BudgetSummary Budget { get; init; }

    /// <summary>The limits the built firmware exceeds (<see cref="BudgetSummary.ExceededBy"/>); empty when within or not deployed.</summary>
    [JsonPropertyName("over_budget")] public IReadOnlyList<string> OverBudget { get; init; } = [];

    [JsonPropertyName("elapsed_seconds")] public double ElapsedSeconds { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, RunSummary.JsonOptions);

    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    /// <exception cref="DataFormatException">Not an adaptation report.</exception>
    public static AdaptationReport Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<AdaptationReport>(File.ReadAllText(path), RunSummary.JsonOptions)
                ?? throw new DataFormatException(path, null, "empty adaptation report");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, e.LineNumber is long l ? (int)l + 1 : null, $"not an adaptation report: {e.Message}");
        }
    }
}

/// <param name="Kind"><c>run</c> or <c>model</c>.</param>
/// <param name="Path">The run or model folder as given.</param>
/// <param name="Model">Name of the model adapted.</param>
/// <param name="Teacher">Its teacher's folder, or null.</param>
public sealed record AdaptationSourceSummary(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("teacher")] string? Teacher);

/// <param name="Cells">Cells adapted on.</param>
/// <param name="Drawn">True when drawn with the seed (<c>--adapt-cells</c>), false when named (<c>--cells</c>).</param>
/// <param name="Seed">Seed of the draw and of the trainings.</param>
/// <param name="ValidationShare">Share of each cell's cycles, at its end, held for validation.</param>
/// <param name="TrainWindows">Training windows of the adaptation cells.</param>
/// <param name="ValidationWindows">Their validation windows.</param>
/// <param name="Epochs">Most epochs of each fine-tuning.</param>
/// <param name="Patience">Early-stopping patience.</param>
/// <param name="TeacherLearningRate">Peak learning rate of the teacher's fine-tuning.</param>
/// <param name="StudentLearningRate">Peak learning rate of the final model's.</param>
/// <param name="Loss">Loss of both, or null where each kept its own.</param>
/// <param name="ChooseFrontEnd">Whether the running median and the residual base were chosen again on the adaptation cells' windows (scales kept), or the whole encoding kept.</param>
/// <param name="FrontEnd">The adapted model's front end, in the baselines' words (<c>quadratic100 after a median of 5</c>).</param>
public sealed record AdaptationSummary(
    [property: JsonPropertyName("cells")] IReadOnlyList<string> Cells,
    [property: JsonPropertyName("drawn")] bool Drawn,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("validation_share")] double ValidationShare,
    [property: JsonPropertyName("train_windows")] int TrainWindows,
    [property: JsonPropertyName("validation_windows")] int ValidationWindows,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("patience")] int Patience,
    [property: JsonPropertyName("teacher_lr")] double TeacherLearningRate,
    [property: JsonPropertyName("student_lr")] double StudentLearningRate,
    [property: JsonPropertyName("loss")] string? Loss,
    [property: JsonPropertyName("choose_front_end")] bool ChooseFrontEnd,
    [property: JsonPropertyName("front_end")] string FrontEnd);

/// <summary>One fine-tuning: its folder in the output, how it ended, and its validation MAE before and after.</summary>
public sealed record FineTuningSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("epochs_run")] int EpochsRun,
    [property: JsonPropertyName("best_epoch")] int BestEpoch,
    [property: JsonPropertyName("stop_reason")] StopReason StopReason,
    [property: JsonPropertyName("validation_mae_before")] double? ValidationMaeBefore,
    [property: JsonPropertyName("validation_mae_after")] double? ValidationMaeAfter);

/// <summary>The classical extrapolations' MAE on the adaptation cells' validation windows, and the lowest, which every comparison uses.</summary>
public sealed record AdaptationClassical(
    [property: JsonPropertyName("chosen_on")] string ChosenOn,
    [property: JsonPropertyName("validation_mae")] IReadOnlyDictionary<string, double?> ValidationMae,
    [property: JsonPropertyName("best")] string Best);

/// <summary>
/// MAE on one held-out split; null where a model was not there (no teacher) or not scored (no integer form, or
/// the original training data missing for the int8 model before). <see cref="Int8VersusClassical"/> is
/// (int8 after / best classical) - 1: negative when the adapted integer model wins.
/// </summary>
public sealed record AdaptationComparison(
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("windows")] int Windows,
    [property: JsonPropertyName("best_classical")] string BestClassical,
    [property: JsonPropertyName("best_classical_mae")] double? BestClassicalMae,
    [property: JsonPropertyName("teacher_before")] double? TeacherBefore,
    [property: JsonPropertyName("teacher_after")] double? TeacherAfter,
    [property: JsonPropertyName("final_before")] double? FinalBefore,
    [property: JsonPropertyName("final_after")] double? FinalAfter,
    [property: JsonPropertyName("int8_before")] double? Int8Before,
    [property: JsonPropertyName("int8_after")] double? Int8After,
    [property: JsonPropertyName("int8_vs_classical")] double? Int8VersusClassical);
