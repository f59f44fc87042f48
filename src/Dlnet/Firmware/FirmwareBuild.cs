using System.Globalization;
using System.Text.RegularExpressions;

namespace Dlnet.Firmware;

/// <summary>What <c>dlnet_verify</c> printed: windows compared and identical, and (under QEMU) SysTick ticks and stack.</summary>
internal sealed record VerifyRun(int Windows, int Identical, int ForecastIdentical, int Int8Identical, int StatusErrors, long Ticks, long TicksMin, long TicksMax, int StackBytes)
{
    /// <summary>Instructions per SysTick tick on mps2-an386 under <c>-icount shift=0</c> (a 25 MHz tick, one instruction per ns).</summary>
    public const int InstructionsPerTick = 40;

    public double InstructionsPerInference => Windows == 0 ? 0 : (double)Ticks * InstructionsPerTick / Windows;
}

/// <summary>Flash and static RAM a model adds to a Cortex-M4 program, from <c>arm-none-eabi-size</c> of two links.</summary>
internal sealed record SizeReport(long FlashBytes, long RamBytes, long ProgramFlashBytes, long ProgramRamBytes);

/// <summary>
/// Builds and runs the generated C in a scratch folder: the verification program on the host (strict
/// warnings; then with address and undefined-behaviour sanitizers), the size probes for the Cortex-M4F, and
/// the verification program for the Cortex-M4F under QEMU's mps2-an386 board.
/// </summary>
internal sealed partial class FirmwareBuild
{
    static readonly string[] Strict = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];

    /// <summary>The Nano 33 BLE Sense's core, optimised for size as the Arduino core builds, unused code dropped.</summary>
    public static readonly string[] CortexM4 =
    [
        "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-Os", "-ffunction-sections", "-fdata-sections", "-Wl,--gc-sections",
        "--specs=picolibc.specs", "--oslib=semihost", "--crt0=semihost",
        "-Wl,--defsym=__flash=0", "-Wl,--defsym=__flash_size=0x100000",
        "-Wl,--defsym=__ram=0x20000000", "-Wl,--defsym=__ram_size=0x40000", "-Wl,--defsym=__stack_size=0x4000",
    ];

    readonly string _folder;
    readonly string[] _sources;
    readonly TimeSpan _timeout;

    /// <param name="folder">Holds the runtime, the generated model and the support programs.</param>
    /// <param name="timeout">Longest any one tool may run.</param>
    public FirmwareBuild(string folder, TimeSpan timeout)
    {
        _folder = folder;
        _timeout = timeout;
        _sources = [.. Directory.GetFiles(folder, "dlnet_*.c").Concat(Directory.GetFiles(folder, "model_data.c"))
            .Where(f => !Path.GetFileName(f).StartsWith("dlnet_verify", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("dlnet_size_probe", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }

    string Verify => Path.Combine(_folder, "dlnet_verify.c");

    string Probe => Path.Combine(_folder, "dlnet_size_probe.c");

    /// <summary>Host build (optionally sanitized) of the verification program, run on <paramref name="cases"/>.</summary>
    public VerifyRun RunHost(string gcc, string cases, bool sanitized)
    {
        string exe = Path.Combine(_folder, sanitized ? "verify-sanitized" : "verify-host");
        string[] flags = sanitized
            ? ["-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]
            : ["-O2"];
        ToolProcess.Compile(gcc, [.. Strict, .. flags, "-I", _folder, .. _sources, Verify, "-o", exe], _folder, _timeout);
        return Parse(ToolProcess.Run(exe, [cases], _folder, _timeout), sanitized ? "host build with sanitizers" : "host build");
    }

    /// <summary>Flash and static RAM the model adds, from a probe linked with and without it.</summary>
    public SizeReport MeasureSize(string armGcc, string armSize, int window, int horizon)
    {
        string with = Path.Combine(_folder, "probe-model.elf"), without = Path.Combine(_folder, "probe-empty.elf");
        string[] sizes = [$"-DPROBE_WINDOW={window}", $"-DPROBE_HORIZON={horizon}"];
        ToolProcess.Compile(armGcc, [.. Strict, .. CortexM4, .. sizes, "-DDLNET_PROBE_MODEL", "-I", _folder, .. _sources, Probe, "-o", with], _folder, _timeout);
        ToolProcess.Compile(armGcc, [.. Strict, .. CortexM4, .. sizes, Probe, "-o", without], _folder, _timeout);
        var (text1, data1, bss1) = Berkeley(armSize, with);
        var (text0, data0, bss0) = Berkeley(armSize, without);
        return new SizeReport(text1 + data1 - (text0 + data0), data1 + bss1 - (data0 + bss0), text1 + data1, data1 + bss1);
    }

    /// <summary>Cortex-M4F build of the verification program, run under QEMU on <paramref name="cases"/>.</summary>
    public VerifyRun RunEmulator(string armGcc, string qemu, string cases)
    {
        string elf = Path.Combine(_folder, "verify-m4.elf");
        ToolProcess.Compile(armGcc, [.. Strict, .. CortexM4, "-I", _folder, .. _sources, Verify, "-o", elf], _folder, _timeout);
        var r = ToolProcess.Run(qemu, ["-M", "mps2-an386", "-display", "none", "-serial", "none", "-monitor", "none", "-icount", "shift=0",
            "-semihosting-config", $"enable=on,target=native,arg=verify,arg={cases}", "-kernel", elf], _folder, _timeout);
        return Parse(r, "Cortex-M4 build under QEMU");
    }

    /// <summary>
    /// The timing model on the Cortex-M4F build of the verification program: QEMU traces every instruction of the forecasts
    /// of <paramref name="cases"/> (keep it to a few windows: the log holds one line per instruction), and each is costed
    /// with the M4's cycle table.
    /// </summary>
    public CycleCount RunTiming(string armGcc, string qemu, string objdump, string cases, MemoryAssumption memory, double clockHz)
    {
        // The same program and flags, without the plain entry point and the stack probe that the trace does not time.
        string elf = Path.Combine(_folder, "timing-m4.elf");
        ToolProcess.Compile(armGcc, [.. Strict, .. CortexM4, "-DDLNET_TIMING_ONLY", "-I", _folder, .. _sources, Verify, "-o", elf], _folder, _timeout);
        string log = Path.Combine(_folder, "trace.log");
        try
        {
            var r = InstructionTrace.Run(qemu, elf, log, ["verify", cases], _folder, _timeout);
            Parse(r, "Cortex-M4 build under QEMU's instruction trace");
            return TimingModel.Cost(InstructionTrace.Addresses(log), ArmDisassembly.Of(objdump, elf, _folder, _timeout), memory, clockHz);
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>True when a compiler failure says picolibc's specs are missing (the Arm compiler without its C library).</summary>
    public static bool IsMissingPicolibc(InvalidOperationException e) => e.Message.Contains("picolibc.specs", StringComparison.Ordinal);

    (long Text, long Data, long Bss) Berkeley(string armSize, string elf)
    {
        var r = ToolProcess.Run(armSize, ["-B", elf], _folder, _timeout);
        var m = SizeLine().Match(r.Output);
        if (r.ExitCode != 0 || !m.Success) throw new InvalidOperationException($"{Path.GetFileName(armSize)} gave no sizes for {Path.GetFileName(elf)}:\n{r.Output}");
        return (Long(m.Groups["text"].Value), Long(m.Groups["data"].Value), Long(m.Groups["bss"].Value));
    }

    static VerifyRun Parse(ToolProcess.Result r, string what)
    {
        var m = Summary().Match(r.Output);
        if (!m.Success || m.Groups["read"].Value != "0")
            throw new InvalidOperationException($"{what}: the verification program failed (exit {r.ExitCode}):\n{r.Output.Trim()}");
        return new VerifyRun(Int(m, "windows"), Int(m, "identical"), Int(m, "forecast"), Int(m, "int8"), Int(m, "status"),
            Long(m.Groups["ticks"].Value), Long(m.Groups["min"].Value), Long(m.Groups["max"].Value), Int(m, "stack"));
    }

    static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    static long Long(string s) => long.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"dlnet-verify: windows=(?<windows>\d+) identical=(?<identical>\d+) forecast-identical=(?<forecast>\d+) int8-identical=(?<int8>\d+) status-errors=(?<status>\d+) ticks=(?<ticks>\d+) ticks-min=(?<min>\d+) ticks-max=(?<max>\d+) stack=(?<stack>\d+) read-error=(?<read>\d)")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^\s*(?<text>\d+)\s+(?<data>\d+)\s+(?<bss>\d+)\s+\d+\s+[0-9a-fA-F]+\s", RegexOptions.Multiline)]
    private static partial Regex SizeLine();
}
