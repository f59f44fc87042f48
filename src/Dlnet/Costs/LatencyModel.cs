namespace Dlnet.Costs;

/// <summary>Cycles and milliseconds at the low and high ends of a <see cref="LatencyModel"/>.</summary>
public readonly record struct LatencyEstimate(double CyclesLow, double CyclesHigh, double MillisecondsLow, double MillisecondsHigh)
{
    public override string ToString() => $"{MillisecondsLow:0.###}-{MillisecondsHigh:0.###} ms";
}

/// <summary>
/// Latency of an int8 inference on a microcontroller from its operation counts:
/// cycles = MACs * cycles per MAC + element-wise ops * cycles per op + kernel calls * cycles per call,
/// as a low-high range. The defaults are first guesses for a Cortex-M4F at 64 MHz (the nRF52840 of the
/// Arduino Nano 33 BLE Sense): an SMLAD-style int8 kernel retires two MACs per SMLAD but pays for
/// SXTB16 unpacking and loads, about 1 to 2 cycles per MAC; a requantisation, table lookup or Euler
/// update costs a few cycles; a kernel call a few hundred. They are meant to be replaced by values
/// calibrated on the emulator (instruction counts times cycles per instruction).
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
    double CyclesPerMacLow = 1.0,
    double CyclesPerMacHigh = 2.0,
    double CyclesPerElementwiseLow = 3,
    double CyclesPerElementwiseHigh = 8,
    double CyclesPerKernelCallLow = 100,
    double CyclesPerKernelCallHigh = 400)
{
    /// <summary>The uncalibrated defaults for the Cortex-M4F at 64 MHz.</summary>
    public static LatencyModel CortexM4F64MHz { get; } = new();

    public LatencyEstimate Estimate(long macs, long elementwiseOps, long kernelCalls)
    {
        if (!(ClockHz > 0)) throw new InvalidOperationException($"clock {ClockHz} Hz must be positive");
        double low = macs * CyclesPerMacLow + elementwiseOps * CyclesPerElementwiseLow + kernelCalls * CyclesPerKernelCallLow;
        double high = macs * CyclesPerMacHigh + elementwiseOps * CyclesPerElementwiseHigh + kernelCalls * CyclesPerKernelCallHigh;
        return new LatencyEstimate(low, high, low / ClockHz * 1e3, high / ClockHz * 1e3);
    }
}
