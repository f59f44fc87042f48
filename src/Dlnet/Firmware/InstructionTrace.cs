using System.Globalization;
using System.Text.RegularExpressions;

namespace Dlnet.Firmware;

/// <summary>
/// Runs a Cortex-M4 program under QEMU with one instruction per translation block and the <c>exec</c> log, so that the
/// log holds every executed instruction's address in order, and reads those addresses back.
/// </summary>
internal static partial class InstructionTrace
{
    /// <summary>Runs <paramref name="elf"/> on mps2-an386 with <paramref name="semihostingArguments"/>, logging to <paramref name="log"/>.</summary>
    public static ToolProcess.Result Run(string qemu, string elf, string log, IEnumerable<string> semihostingArguments, string workingDirectory, TimeSpan timeout)
    {
        string semihosting = string.Join(",", new[] { "enable=on", "target=native" }.Concat(semihostingArguments.Select(a => "arg=" + a)));
        return ToolProcess.Run(qemu, ["-M", "mps2-an386", "-display", "none", "-serial", "none", "-monitor", "none",
            .. OneInstructionPerBlock(ToolProcess.Version(qemu)), "-d", "exec,nochain", "-D", log,
            "-semihosting-config", semihosting, "-kernel", elf], workingDirectory, timeout);
    }

    /// <summary>QEMU before 8.1 says <c>-singlestep</c>; later versions moved it to the TCG accelerator's options.</summary>
    public static string[] OneInstructionPerBlock(string version)
    {
        var m = VersionNumber().Match(version);
        bool modern = m.Success && (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 100 + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) >= 801;
        return modern ? ["-accel", "tcg,one-insn-per-tb=on"] : ["-singlestep"];
    }

    /// <summary>The executed addresses in a log: a line <c>Trace 0: 0x7f.. [00800408/00000102/00000110/ff000201] f</c> per instruction.</summary>
    public static IEnumerable<uint> Addresses(string log)
    {
        foreach (string line in File.ReadLines(log))
        {
            var m = TraceLine().Match(line);
            if (m.Success) yield return uint.Parse(m.Groups["pc"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"^Trace \d+: \S+ \[[0-9a-fA-F]+/(?<pc>[0-9a-fA-F]+)/")]
    private static partial Regex TraceLine();

    [GeneratedRegex(@"version (\d+)\.(\d+)")]
    private static partial Regex VersionNumber();
}
