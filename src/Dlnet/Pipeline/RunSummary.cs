using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dlnet.Firmware;
using Dlnet.IO;
using Dlnet.Scoring;

namespace Dlnet.Pipeline;

/// <summary>
/// <c>summary.json</c>, the one file that says what a run found (RUN_FOLDER_CONTRACT): the data and budget,
/// the teacher and baselines, every candidate, the fronts, the final model, the ablation table and, once
/// the deploy step has run, the deployment. Written last, atomically, by the pipeline; read by the report,
/// <c>dlnet adapt</c> and reruns. Metric rows have the form of <c>dlnet baseline --json</c>.
/// </summary>
public sealed record RunSummary
{
    /// <summary>Largest summary read (a run of a hundred candidates writes well under 1 MiB).</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>snake_case (explicit names), indented; undefined numbers are null.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    [JsonPropertyName("dlnet_version")] public required string DlnetVersion { get; init; }

    /// <summary><c>quick</c> or <c>paper</c> when the run is a preset unchanged by a config file; null otherwise.</summary>
    [JsonPropertyName("preset")] public string? Preset { get; init; }

    [JsonPropertyName("protocol")] public required string Protocol { get; init; }

    [JsonPropertyName("seed")] public int Seed { get; init; }

    [JsonPropertyName("data")] public required DataSummary Data { get; init; }

    [JsonPropertyName("budget")] public required BudgetSummary Budget { get; init; }

    [JsonPropertyName("teacher")] public required ModelSummary Teacher { get; init; }

    /// <summary>The whole classical family (<see cref="Baselines.BaselineFactory.Family"/>) on the validation and report splits.</summary>
    [JsonPropertyName("baselines")] public required IReadOnlyList<EvaluationRow> Baselines { get; init; }

    /// <summary>The member of the family every comparison uses, and the split it was chosen on.</summary>
    [JsonPropertyName("best_classical")] public required ClassicalChoice BestClassical { get; init; }

    [JsonPropertyName("candidates")] public required IReadOnlyList<CandidateRecord> Candidates { get; init; }

    [JsonPropertyName("front")] public required FrontSummary Front { get; init; }

    /// <summary>The knee of the final front; null when no compressed candidate fits the budget.</summary>
    [JsonPropertyName("final")] public FinalSummary? Final { get; init; }

    [JsonPropertyName("ablation")] public required IReadOnlyList<AblationRow> Ablation { get; init; }

    /// <summary>The content of <c>firmware/deploy.json</c>, once the firmware step has run.</summary>
    [JsonPropertyName("deployment")] public DeploymentReport? Deployment { get; init; }

    /// <summary>Wall time of the invocation that wrote the summary (a resumed run counts only its own time).</summary>
    [JsonPropertyName("elapsed_seconds")] public double ElapsedSeconds { get; init; }

    /// <summary>The splits the summary has metrics for (validation always), in order of first appearance.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> MetricSplits =>
        [.. Teacher.Metrics.Concat(Final?.Metrics ?? []).Concat(Candidates.SelectMany(c => c.Metrics)).Select(r => r.Split).Prepend("validation").Distinct()];

    /// <summary>The candidate of that name, or null.</summary>
    public CandidateRecord? Candidate(string name) => Candidates.FirstOrDefault(c => c.Name == name);

    /// <summary>The final model's folder inside <paramref name="runFolder"/>.</summary>
    /// <exception cref="DataFormatException">The summary names no final model, or a folder outside the run folder.</exception>
    public string FinalFolder(string runFolder) =>
        ContainedPath.Resolve(runFolder, RequireFinal(runFolder).Folder, SummaryPath(runFolder), "final.folder");

    /// <summary>The teacher's folder inside <paramref name="runFolder"/>.</summary>
    /// <exception cref="DataFormatException">The summary names a folder outside the run folder.</exception>
    public string TeacherFolder(string runFolder) =>
        ContainedPath.Resolve(runFolder, Teacher.Folder, SummaryPath(runFolder), "teacher.folder");

    /// <summary>The final model, for readers that need one (the report).</summary>
    /// <exception cref="DataFormatException">The run chose none (no compressed candidate fits the budget).</exception>
    public FinalSummary RequireFinal(string runFolder) => Final ?? throw new DataFormatException(SummaryPath(runFolder), null,
        "the summary names no final model (\"final\": null: no compressed candidate fits the budget)");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    /// <summary>Reads <c>summary.json</c> of <paramref name="runFolder"/>.</summary>
    /// <exception cref="DataFormatException">No such folder, no summary (the run has not finished), or not a summary.</exception>
    public static RunSummary ReadFolder(string runFolder)
    {
        if (!Directory.Exists(runFolder)) throw new DataFormatException(runFolder, null, "no such run folder");
        string path = SummaryPath(runFolder);
        if (!File.Exists(path)) throw new DataFormatException(runFolder, null, $"no {RunFolder.SummaryFileName}: not a run folder, or the run has not finished");
        return Read(path);
    }

    /// <exception cref="DataFormatException">Not a summary.</exception>
    public static RunSummary Read(string path) =>
        Parse(Encoding.UTF8.GetString(BoundedFile.ReadAllBytes(path, MaxBytes, "run summary")), path);

    /// <exception cref="DataFormatException">Not a summary, or one that names no classical reference or teacher folder, or a candidate of an unknown stage.</exception>
    public static RunSummary Parse(string json, string source)
    {
        RunSummary? summary;
        try { summary = JsonSerializer.Deserialize<RunSummary>(json, JsonOptions); }
        catch (JsonException e)
        {
            throw new DataFormatException(source, e.LineNumber is long l ? (int)l + 1 : null, $"not a run summary: {e.Message}", e);
        }
        if (summary is null) throw new DataFormatException(source, null, "empty run summary");
        if (string.IsNullOrEmpty(summary.BestClassical?.Name))
            throw new DataFormatException(source, null, "the summary names no classical reference (\"best_classical\": {\"name\": ...}); written by an older DLNet: run the same command again to bring the run up to date");
        if (string.IsNullOrEmpty(summary.Teacher?.Folder))
            throw new DataFormatException(source, null, "the summary names no teacher folder (\"teacher\": {\"folder\": ...})");
        if (summary.Final is { } f && string.IsNullOrEmpty(f.Name))
            throw new DataFormatException(source, null, "the summary's final model has no name (\"final\": {\"name\": ...})");
        foreach (var c in summary.Candidates ?? [])
        {
            if (!CandidateStages.All.Contains(c.Stage))
                throw new DataFormatException(source, null, $"candidate '{c.Name}' has stage '{c.Stage}'; expected {string.Join(", ", CandidateStages.All)}");
        }
        return summary;
    }

    private static string SummaryPath(string runFolder) => Path.Combine(runFolder, RunFolder.SummaryFileName);
}

/// <param name="Source"><c>builtin</c> or the data path.</param>
/// <param name="Fingerprint">See <see cref="ModelFiles.DataFingerprint"/>.</param>
/// <param name="Cells">Series in the data set.</param>
public sealed record DataSummary(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("cells")] int Cells);

public sealed record BudgetSummary(
    [property: JsonPropertyName("flash_bytes")] long FlashBytes,
    [property: JsonPropertyName("ram_bytes")] long RamBytes,
    [property: JsonPropertyName("latency_ms")] double LatencyMs)
{
    public static BudgetSummary Of(BudgetConfig budget) => new(budget.FlashBytes, budget.RamBytes, budget.LatencyMs);

    /// <summary>
    /// The limits a built firmware exceeds, measured: its flash and static RAM, and the timing model's latency at the upper
    /// end of its uncertainty (what selection judges by). Empty when within, or when nothing was measured.
    /// </summary>
    public IReadOnlyList<string> ExceededBy(DeploymentReport firmware)
    {
        var over = new List<string>();
        if (firmware.FlashBytes is long flash && flash > FlashBytes) over.Add(string.Create(CultureInfo.InvariantCulture, $"flash {flash:N0} B > {FlashBytes:N0} B"));
        if (firmware.RamBytes is long ram && ram > RamBytes) over.Add(string.Create(CultureInfo.InvariantCulture, $"static RAM {ram:N0} B > {RamBytes:N0} B"));
        if (firmware.CyclesPerForecast?.Milliseconds.High is double ms && ms > LatencyMs) over.Add(string.Create(CultureInfo.InvariantCulture, $"latency up to {ms:0.00} ms > {LatencyMs:0.##} ms"));
        return over;
    }
}

/// <summary>A model of the run that is not a candidate (the teacher).</summary>
public sealed record ModelSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("metrics")] IReadOnlyList<EvaluationRow> Metrics);

/// <summary>Names of the candidates on the stage-1 front and on the final front.</summary>
public sealed record FrontSummary(
    [property: JsonPropertyName("stage1")] IReadOnlyList<string> Stage1,
    [property: JsonPropertyName("final")] IReadOnlyList<string> Final);

public sealed record FinalSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("int8_bytes")] long Int8Bytes,
    [property: JsonPropertyName("macs")] long Macs,
    [property: JsonPropertyName("metrics")] IReadOnlyList<EvaluationRow> Metrics);

/// <summary>
/// Test MAE of each step of the method on one report split: the teacher, the best stage-1 student (lowest
/// validation MAE), the final model's compressed parent before stage 2, the final model after both
/// stages, and the best classical extrapolation (chosen on validation, named in <c>best_classical</c>).
/// Null where a model was not made.
/// </summary>
public sealed record AblationRow(
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("teacher")] double? Teacher,
    [property: JsonPropertyName("best_stage1")] double? BestStage1,
    [property: JsonPropertyName("compressed")] double? Compressed,
    [property: JsonPropertyName("dual_stage")] double? DualStage,
    [property: JsonPropertyName("best_classical")] double? BestClassical);
