namespace Dlnet.Selection;

/// <summary>Cycles and milliseconds at the low and high ends of an estimate, and its central value (the midpoint unless a calibration gives one).</summary>
public readonly record struct LatencyEstimate(double CyclesLow, double CyclesHigh, double MillisecondsLow, double MillisecondsHigh)
{
    readonly double? _cycles, _milliseconds;

    /// <summary>The estimate's central value in cycles.</summary>
    public double Cycles { get => _cycles ?? (CyclesLow + CyclesHigh) / 2; init => _cycles = value; }

    /// <summary>The central value in milliseconds.</summary>
    public double Milliseconds { get => _milliseconds ?? (MillisecondsLow + MillisecondsHigh) / 2; init => _milliseconds = value; }

    /// <summary>Both estimates' work, one after the other.</summary>
    public LatencyEstimate Plus(LatencyEstimate other) =>
        new(CyclesLow + other.CyclesLow, CyclesHigh + other.CyclesHigh, MillisecondsLow + other.MillisecondsLow, MillisecondsHigh + other.MillisecondsHigh)
        {
            Cycles = Cycles + other.Cycles,
            Milliseconds = Milliseconds + other.Milliseconds,
        };

    public override string ToString() => $"{MillisecondsLow:0.###}-{MillisecondsHigh:0.###} ms";
}

/// <summary>
/// Latency of an int8 inference on a microcontroller from its operation counts:
/// cycles = MACs * cycles per MAC + element-wise ops * cycles per op + kernel calls * cycles per call,
/// as a low-high range. The defaults are calibrated on the Cortex-M4F at 64 MHz (the nRF52840 of the Arduino
/// Nano 33 BLE Sense): six Euler students from 1,800 to 75,000 MACs, deployed by <c>dlnet deploy</c> and run under
/// QEMU (mps2-an386), take 1.76 instructions per MAC plus 77.5 per element-wise op of this count (requantisations,
/// layer norms, updates; the per-call cost is absorbed), to within 9% for every one of them. Low is one cycle per
/// instruction, high two (the bound docs/deployment.md gives for the M4 with flash wait states).
/// </summary>
/// <param name="ClockHz">Core clock.</param>
/// <param name="CyclesPerMacLow">Cycles per multiply-accumulate, optimistic.</param>
/// <param name="CyclesPerMacHigh">Cycles per multiply-accumulate, pessimistic.</param>
/// <param name="CyclesPerElementwiseLow">Cycles per element-wise op, optimistic.</param>
/// <param name="CyclesPerElementwiseHigh">Cycles per element-wise op, pessimistic.</param>
/// <param name="CyclesPerKernelCallLow">Fixed cycles per kernel call, optimistic.</param>
/// <param name="CyclesPerKernelCallHigh">Fixed cycles per kernel call, pessimistic.</param>
public sealed record LatencyModel(
    double ClockHz = 64e6,
    double CyclesPerMacLow = 1.76,
    double CyclesPerMacHigh = 3.52,
    double CyclesPerElementwiseLow = 77.5,
    double CyclesPerElementwiseHigh = 155,
    double CyclesPerKernelCallLow = 0,
    double CyclesPerKernelCallHigh = 0)
{
    /// <summary>The defaults, calibrated for the Cortex-M4F at 64 MHz.</summary>
    public static LatencyModel CortexM4F64MHz { get; } = new();

    public LatencyEstimate Estimate(long macs, long elementwiseOps, long kernelCalls)
    {
        if (!(ClockHz > 0)) throw new InvalidOperationException($"clock {ClockHz} Hz must be positive");
        double low = macs * CyclesPerMacLow + elementwiseOps * CyclesPerElementwiseLow + kernelCalls * CyclesPerKernelCallLow;
        double high = macs * CyclesPerMacHigh + elementwiseOps * CyclesPerElementwiseHigh + kernelCalls * CyclesPerKernelCallHigh;
        return new LatencyEstimate(low, high, low / ClockHz * 1e3, high / ClockHz * 1e3);
    }
}
