using System.Text.Json.Serialization;
using Dlnet.Scoring;

namespace Dlnet.Pipeline;

/// <summary>Stages a candidate can come from, by their names in the run folder.</summary>
public static class CandidateStages
{
    /// <summary>Distilled from the teacher.</summary>
    public const string Stage1 = "stage1";

    /// <summary>A stage-1 survivor after structured pruning, not trained again.</summary>
    public const string Compressed = "compressed";

    /// <summary>A compressed candidate distilled again from the teacher.</summary>
    public const string Stage2 = "stage2";

    /// <summary>Every stage, in the order of the method.</summary>
    public static IReadOnlyList<string> All { get; } = [Stage1, Compressed, Stage2];
}

/// <summary>
/// One candidate of a run as <c>summary.json</c> lists it and <c>candidates/&lt;name&gt;/candidate.json</c>
/// holds it: what it is, what it costs on the target, how well it forecasts, and whether it made the
/// front of its stage and fits the budget (RUN_FOLDER_CONTRACT).
/// </summary>
public sealed record CandidateRecord
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>A name of <see cref="CandidateStages"/>.</summary>
    [JsonPropertyName("stage")] public required string Stage { get; init; }

    /// <summary>The candidate it was made from: null for stage 1, the stage-1 student for compressed, the compressed one for stage 2.</summary>
    [JsonPropertyName("parent")] public string? Parent { get; init; }

    /// <summary>Its model folder, relative to the run folder.</summary>
    [JsonPropertyName("folder")] public required string Folder { get; init; }

    [JsonPropertyName("architecture")] public required string Architecture { get; init; }

    /// <summary>Latent or state size after pruning.</summary>
    [JsonPropertyName("hidden")] public int? Hidden { get; init; }

    [JsonPropertyName("rank")] public int? Rank { get; init; }

    [JsonPropertyName("prune_ratio")] public double PruneRatio { get; init; }

    [JsonPropertyName("parameters")] public long Parameters { get; init; }

    /// <summary>Flash of the deployed constants (<see cref="DeploymentCost.ConstantBytes"/>): one of the front's objectives.</summary>
    [JsonPropertyName("int8_bytes")] public long Int8Bytes { get; init; }

    [JsonPropertyName("macs")] public long Macs { get; init; }

    [JsonPropertyName("peak_activation_bytes")] public long PeakActivationBytes { get; init; }

    /// <summary>int8 constants plus the estimated inference code.</summary>
    [JsonPropertyName("flash_bytes")] public long FlashBytes { get; init; }

    /// <summary>Peak activation buffers plus the estimated fixed RAM.</summary>
    [JsonPropertyName("ram_bytes")] public long RamBytes { get; init; }

    [JsonPropertyName("latency_ms_low")] public double LatencyMsLow { get; init; }

    [JsonPropertyName("latency_ms_high")] public double LatencyMsHigh { get; init; }

    /// <summary>MAE of the float model on the validation split, in SOH; the error axis of every front.</summary>
    [JsonPropertyName("validation_mae")] public double? ValidationMae { get; init; }

    /// <summary>One row per split, as <c>dlnet baseline --json</c> writes them.</summary>
    [JsonPropertyName("metrics")] public IReadOnlyList<EvaluationRow> Metrics { get; init; } = [];

    [JsonPropertyName("on_front")] public bool OnFront { get; init; }

    [JsonPropertyName("within_budget")] public bool WithinBudget { get; init; }

    /// <summary>MAE on <paramref name="split"/>, or null when the split is absent or empty.</summary>
    public double? Mae(string split) => Metrics.FirstOrDefault(m => m.Split == split)?.Mae;

    /// <summary>This record with the size, memory, latency and budget verdict of <paramref name="cost"/>.</summary>
    public CandidateRecord WithCost(DeploymentCost cost) => this with
    {
        Parameters = cost.Cost.Parameters,
        Int8Bytes = cost.ConstantBytes,
        Macs = cost.Cost.Macs,
        PeakActivationBytes = cost.Cost.PeakActivationBytes,
        FlashBytes = cost.FlashBytes,
        RamBytes = cost.RamBytes,
        LatencyMsLow = cost.Cost.Latency.MillisecondsLow,
        LatencyMsHigh = cost.Cost.Latency.MillisecondsHigh,
        WithinBudget = cost.WithinBudget,
    };
}
