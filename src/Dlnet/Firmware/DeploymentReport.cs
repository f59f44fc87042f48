using System.Text.Json;
using System.Text.Json.Serialization;
using Dlnet.IO;
using Dlnet.Scoring;

namespace Dlnet.Firmware;

/// <summary>
/// <c>deploy.json</c>, as the run-folder contract fixes it: sizes and latency of the deployed model, the instruction
/// count and the timing model's cycles per forecast (null where the Arm toolchain or QEMU was missing), int8 and float metrics per split next to the best classical extrapolation (chosen on the validation cells),
/// the bit-exactness counts, and the toolchain used.
/// </summary>
public sealed record DeploymentReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("flash_bytes")] long? FlashBytes,
    [property: JsonPropertyName("ram_bytes")] long? RamBytes,
    [property: JsonPropertyName("instructions_per_inference")] long? InstructionsPerInference,
    [property: JsonPropertyName("latency_ms_at_64mhz")] LatencyRange? LatencyMsAt64Mhz,
    [property: JsonPropertyName("cycles_per_forecast")] CycleCount? CyclesPerForecast,
    [property: JsonPropertyName("int8_metrics")] IReadOnlyList<EvaluationRow> Int8Metrics,
    [property: JsonPropertyName("float_metrics")] IReadOnlyList<EvaluationRow> FloatMetrics,
    [property: JsonPropertyName("baselines")] IReadOnlyList<EvaluationRow> Baselines,
    [property: JsonPropertyName("bit_exact")] BitExactness BitExact,
    [property: JsonPropertyName("toolchain")] ToolchainVersions Toolchain)
{
    public const string FileName = "deploy.json";

    static readonly JsonSerializerOptions Options = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Writes the report atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    public static DeploymentReport Parse(string json) =>
        JsonSerializer.Deserialize<DeploymentReport>(json, Options) ?? throw new JsonException("the report is null");
}

/// <summary>
/// Latency at 64 MHz: the timing model's bounds (<see cref="DeploymentReport.CyclesPerForecast"/>) when it ran; otherwise
/// from the instruction count, low at one cycle per instruction, high at the documented upper bound.
/// </summary>
public sealed record LatencyRange([property: JsonPropertyName("low")] double Low, [property: JsonPropertyName("high")] double High);

/// <summary>Windows whose generated-C outputs equal the C# integer engine's, on the host and under the emulator (null without QEMU).</summary>
public sealed record BitExactness(
    [property: JsonPropertyName("host")] WindowComparison Host,
    [property: JsonPropertyName("emulator")] WindowComparison? Emulator)
{
    /// <summary>Every compared window identical, on the host and (when it ran) under the emulator.</summary>
    [JsonIgnore]
    public bool Everywhere => Host.AllIdentical && (Emulator is null || Emulator.AllIdentical);
}

/// <summary>A window is identical when its forecast and its plain int8 output both equal the engine's, value for value.</summary>
public sealed record WindowComparison(
    [property: JsonPropertyName("windows_compared")] int WindowsCompared,
    [property: JsonPropertyName("windows_identical")] int WindowsIdentical)
{
    [JsonIgnore]
    public bool AllIdentical => WindowsIdentical == WindowsCompared;
}

/// <summary>First lines of <c>--version</c> of the tools used; null for those not found.</summary>
public sealed record ToolchainVersions(
    [property: JsonPropertyName("host_cc")] string HostCc,
    [property: JsonPropertyName("arm_cc")] string? ArmCc,
    [property: JsonPropertyName("qemu")] string? Qemu);
