using System.Text.Json;
using System.Text.Json.Serialization;
using Dlnet.Firmware;
using Dlnet.IO;
using Dlnet.Scoring;

namespace Dlnet.Reporting;

/// <summary>
/// <c>summary.json</c> of a run folder, as <c>dlnet run</c> writes it last: the run's settings, the teacher,
/// the baselines, every candidate with its costs and metrics, the fronts, the final model, the ablation
/// and, once deployed, the deployment record. Metric rows have the form of <c>dlnet baseline --json</c>.
/// </summary>
public sealed record RunSummary
{
    public const string FileName = "summary.json";

    /// <summary>Largest summary read (a run of a hundred candidates writes well under 1 MiB).</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>The stages a candidate can come from.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["stage1", "compressed", "stage2"];

    /// <summary>The splits the summary has metrics for (validation always), in order of first appearance.</summary>
    public IReadOnlyList<string> MetricSplits =>
        Teacher.Metrics.Concat(Final.Metrics).Concat(Candidates.SelectMany(c => c.Metrics)).Select(r => r.Split).Prepend("validation").Distinct().ToArray();

    /// <summary>snake_case names, NaN allowed (a split without windows has NaN metrics), unknown members ignored.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public string DlnetVersion { get; init; } = "";

    /// <summary><c>quick</c>, <c>paper</c> or null (settings from a config file only).</summary>
    public string? Preset { get; init; }

    /// <summary><c>cells</c> or <c>paper</c>.</summary>
    public string Protocol { get; init; } = "";

    public int Seed { get; init; }

    public RunData Data { get; init; } = new();

    public RunBudget? Budget { get; init; }

    public RunTeacher Teacher { get; init; } = new();

    /// <summary>The classical family on the validation and report splits.</summary>
    public IReadOnlyList<EvaluationRow> Baselines { get; init; } = [];

    /// <summary>The member of the family every comparison uses, chosen on the validation cells.</summary>
    public RunBestClassical BestClassical { get; init; } = new();

    public IReadOnlyList<RunCandidate> Candidates { get; init; } = [];

    public RunFronts Front { get; init; } = new();

    public RunFinal Final { get; init; } = new();

    public IReadOnlyList<AblationRow> Ablation { get; init; } = [];

    /// <summary>The content of <c>firmware/deploy.json</c>, or null before deployment.</summary>
    public DeploymentReport? Deployment { get; init; }

    public double ElapsedSeconds { get; init; }

    /// <summary>The final model's folder inside <paramref name="runFolder"/>.</summary>
    /// <exception cref="DataFormatException">The summary names a folder outside the run folder.</exception>
    public string FinalFolder(string runFolder) =>
        ContainedPath.Resolve(runFolder, Final.Folder, Path.Combine(runFolder, FileName), "final.folder");

    /// <summary>The teacher's folder inside <paramref name="runFolder"/>.</summary>
    /// <exception cref="DataFormatException">The summary names a folder outside the run folder.</exception>
    public string TeacherFolder(string runFolder) =>
        ContainedPath.Resolve(runFolder, Teacher.Folder, Path.Combine(runFolder, FileName), "teacher.folder");

    /// <summary>The candidate of that name, or null.</summary>
    public RunCandidate? Candidate(string name) => Candidates.FirstOrDefault(c => c.Name == name);

    public static RunSummary Parse(string json, string source = FileName)
    {
        RunSummary? summary;
        try { summary = JsonSerializer.Deserialize<RunSummary>(json, JsonOptions); }
        catch (JsonException e)
        {
            int? line = e.LineNumber is long l ? (int)l + 1 : null;
            throw new DataFormatException(source, line, $"not a run summary: {e.Message}", e);
        }
        if (summary is null) throw new DataFormatException(source, null, "empty run summary");
        if (string.IsNullOrEmpty(summary.Final.Name))
            throw new DataFormatException(source, null, "the summary names no final model (\"final\": {\"name\": ...})");
        if (string.IsNullOrEmpty(summary.BestClassical.Name))
            throw new DataFormatException(source, null, "the summary names no classical reference (\"best_classical\": {\"name\": ...}); written by an older DLNet: run the same command again to bring the run up to date");
        if (string.IsNullOrEmpty(summary.Teacher.Folder))
            throw new DataFormatException(source, null, "the summary names no teacher folder (\"teacher\": {\"folder\": ...})");
        foreach (var c in summary.Candidates)
        {
            if (!Stages.Contains(c.Stage))
                throw new DataFormatException(source, null, $"candidate '{c.Name}' has stage '{c.Stage}'; expected {string.Join(", ", Stages)}");
        }
        return summary;
    }

    /// <summary>Reads <c>summary.json</c> of <paramref name="runFolder"/>.</summary>
    /// <exception cref="DataFormatException">No summary (the run has not finished), or not a summary.</exception>
    public static RunSummary Read(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        if (!Directory.Exists(runFolder)) throw new DataFormatException(runFolder, null, "no such run folder");
        if (!File.Exists(path)) throw new DataFormatException(runFolder, null, $"no {FileName}: not a run folder, or the run has not finished");
        return Parse(System.Text.Encoding.UTF8.GetString(BoundedFile.ReadAllBytes(path, MaxBytes, "run summary")), path);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>What the run was trained on: <c>builtin</c> or a path, the data fingerprint, the number of cells.</summary>
public sealed record RunData
{
    public const string BuiltIn = Dlnet.Fleet.FleetSource.BuiltIn;

    public string Source { get; init; } = BuiltIn;

    public string Fingerprint { get; init; } = "";

    public int Cells { get; init; }
}

/// <summary>The hard limits a deployable candidate had to meet; a null limit is no limit.</summary>
public sealed record RunBudget(long? FlashBytes, long? RamBytes, double? LatencyMs);

/// <summary>The teacher: its name, model folder (relative to the run folder) and metrics.</summary>
public sealed record RunTeacher
{
    public string Name { get; init; } = "teacher";

    public string Folder { get; init; } = "teacher";

    public IReadOnlyList<EvaluationRow> Metrics { get; init; } = [];
}

/// <summary>One candidate of the search with its costs on the microcontroller and its metrics.</summary>
public sealed record RunCandidate
{
    public string Name { get; init; } = "";

    /// <summary><c>stage1</c>, <c>compressed</c> or <c>stage2</c>.</summary>
    public string Stage { get; init; } = "";

    /// <summary>The candidate this one was compressed or retrained from.</summary>
    public string? Parent { get; init; }

    public string Folder { get; init; } = "";

    public string Architecture { get; init; } = "";

    public int? Hidden { get; init; }

    public int? Rank { get; init; }

    public double PruneRatio { get; init; }

    public long Parameters { get; init; }

    public long Int8Bytes { get; init; }

    public long Macs { get; init; }

    public long PeakActivationBytes { get; init; }

    public long FlashBytes { get; init; }

    public long RamBytes { get; init; }

    public double LatencyMsLow { get; init; }

    public double LatencyMsHigh { get; init; }

    public double ValidationMae { get; init; }

    public IReadOnlyList<EvaluationRow> Metrics { get; init; } = [];

    public bool OnFront { get; init; }

    public bool WithinBudget { get; init; }
}

/// <summary>Names of the candidates on the front after stage 1 and after the last stage.</summary>
public sealed record RunFronts
{
    public IReadOnlyList<string> Stage1 { get; init; } = [];

    public IReadOnlyList<string> Final { get; init; } = [];
}

/// <summary>The model the run chose.</summary>
public sealed record RunFinal
{
    public string Name { get; init; } = "";

    public string Folder { get; init; } = "";

    public long Int8Bytes { get; init; }

    public long Macs { get; init; }

    public IReadOnlyList<EvaluationRow> Metrics { get; init; } = [];
}

/// <summary>The classical reference: a name of the family and the split it was chosen on.</summary>
public sealed record RunBestClassical
{
    public string Name { get; init; } = "";

    public string ChosenOn { get; init; } = "";
}

/// <summary>MAE on one split of the teacher, the best stage-1 student, its compressed form, the dual-stage model and the best classical extrapolation.</summary>
public sealed record AblationRow(string Split, double? Teacher, double? BestStage1, double? Compressed, double? DualStage, double? BestClassical);
