using Dlnet.Int8;

namespace Dlnet.Firmware;

/// <summary>How <see cref="FirmwareDeployment.Run"/> quantises, checks and measures.</summary>
public sealed record DeploymentOptions
{
    public QuantizationSettings Quantization { get; init; } = QuantizationSettings.Default;

    /// <summary>Host C compiler (name on PATH or path). Required.</summary>
    public string HostCompiler { get; init; } = "gcc";

    /// <summary>Arm cross compiler; when absent, flash and RAM are reported as null.</summary>
    public string ArmCompiler { get; init; } = "arm-none-eabi-gcc";

    public string ArmSize { get; init; } = "arm-none-eabi-size";

    /// <summary>Disassembler for the timing model; when absent, cycles per forecast are null.</summary>
    public string ArmObjdump { get; init; } = "arm-none-eabi-objdump";

    /// <summary>
    /// Forecasts the timing model traces (the first report windows the emulator runs): every executed instruction is logged,
    /// so a few keep the trace small; the figures are their mean.
    /// </summary>
    public int TimingWindows { get; init; } = 3;

    /// <summary>QEMU for Arm; when absent, the emulator check and the instruction count are null.</summary>
    public string Emulator { get; init; } = "qemu-system-arm";

    /// <summary>Also build and run the host check with address and undefined-behaviour sanitizers.</summary>
    public bool Sanitizers { get; init; } = true;

    /// <summary>
    /// Most windows run under the emulator: the paper's segments first (when the protocol has them), then report windows
    /// in order. The default covers every report window of the MIT-Stanford data (5,641 windows take seconds for a small
    /// student; a paper-sized one about a minute).
    /// </summary>
    public int EmulatorWindows { get; init; } = 10_000;

    /// <summary>Core clock of the target.</summary>
    public double ClockHz { get; init; } = 64e6;

    /// <summary>Cycles per instruction at the low end of the latency range when the timing model could not run (no disassembler): every instruction in one cycle.</summary>
    public double CyclesPerInstructionLow { get; init; } = 1.0;

    /// <summary>
    /// Cycles per instruction at the high end: 2. On the Cortex-M4 data processing and multiplies take one cycle,
    /// loads two (one when pipelined), taken branches two to four; the nRF52840 adds flash wait states when its
    /// instruction cache is off (it is off after reset). Integer kernels measured on M4 parts run at 1.3-1.6; 2 bounds
    /// the uncached case with margin. docs/deployment.md gives the reasoning.
    /// </summary>
    public double CyclesPerInstructionHigh { get; init; } = 2.0;

    /// <summary>Longest any one tool (a compile, a run) may take.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromMinutes(10);

    internal void Validate()
    {
        Quantization.Validate();
        if (TimingWindows < 1 || TimingWindows > 100) throw new ArgumentOutOfRangeException(nameof(TimingWindows), TimingWindows, "the timing model traces 1 to 100 windows");
        if (EmulatorWindows < 1) throw new ArgumentOutOfRangeException(nameof(EmulatorWindows), EmulatorWindows, "the emulator needs at least one window");
        if (!(ClockHz > 0) || !(CyclesPerInstructionLow > 0) || !(CyclesPerInstructionHigh >= CyclesPerInstructionLow))
            throw new ArgumentOutOfRangeException(nameof(ClockHz), "the clock and cycles per instruction must be positive, low <= high");
    }
}
