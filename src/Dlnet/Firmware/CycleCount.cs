using System.Text.Json.Serialization;

namespace Dlnet.Firmware;

/// <summary>
/// Cycles per forecast on the Cortex-M4 by the timing model: the executed instructions of one or a few forecasts
/// traced under QEMU, each costed with the M4's cycle table (<see cref="CortexM4Cycles"/>) under a memory assumption.
/// </summary>
/// <param name="Value">Modelled cycles per forecast.</param>
/// <param name="Low">Lower bound: the table's low ends (one-cycle refills, folded ITs, fastest divides).</param>
/// <param name="High">Upper bound: the table's high ends and the memory assumption's wait states.</param>
/// <param name="Instructions">Executed instructions per forecast in the trace.</param>
/// <param name="Windows">Forecasts traced (the figures are their mean).</param>
/// <param name="ClockHz">Core clock the times are given at.</param>
/// <param name="Milliseconds">Value, low and high at <paramref name="ClockHz"/>.</param>
/// <param name="Breakdown">Per function: kernels (<c>dlnet_*</c>), the generated model code (<c>dlnet_model_*</c>), and the rest.</param>
/// <param name="ByCaller">Per kernel and model function, with the C library and compiler support code it calls (64-bit division, copies) included.</param>
/// <param name="Assumptions">What the figures assume, one line each.</param>
public sealed record CycleCount(
    [property: JsonPropertyName("value")] long Value,
    [property: JsonPropertyName("low")] long Low,
    [property: JsonPropertyName("high")] long High,
    [property: JsonPropertyName("instructions")] long Instructions,
    [property: JsonPropertyName("windows_traced")] int Windows,
    [property: JsonPropertyName("clock_hz")] double ClockHz,
    [property: JsonPropertyName("milliseconds")] TimeRange Milliseconds,
    [property: JsonPropertyName("breakdown")] IReadOnlyList<FunctionCycles> Breakdown,
    [property: JsonPropertyName("by_caller")] IReadOnlyList<FunctionCycles> ByCaller,
    [property: JsonPropertyName("assumptions")] IReadOnlyList<string> Assumptions)
{
    /// <summary>Cycles per MAC, given the forecast's MACs.</summary>
    public double PerMac(long macs) => macs > 0 ? (double)Value / macs : 0;
}

/// <summary>Milliseconds at the modelled value and at the bounds.</summary>
public sealed record TimeRange(
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("low")] double Low,
    [property: JsonPropertyName("high")] double High);

/// <summary>One function's share of a forecast: kind is <c>kernel</c>, <c>model</c> (generated code) or <c>other</c>.</summary>
public sealed record FunctionCycles(
    [property: JsonPropertyName("function")] string Function,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("instructions")] long Instructions,
    [property: JsonPropertyName("cycles")] long Cycles,
    [property: JsonPropertyName("cycles_low")] long CyclesLow,
    [property: JsonPropertyName("cycles_high")] long CyclesHigh);
