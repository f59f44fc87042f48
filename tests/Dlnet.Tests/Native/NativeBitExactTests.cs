using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Dlnet.Tests.Native;

/// <summary>Writes the random kernel cases once per test class, in a temporary folder removed afterwards.</summary>
public sealed class KernelCaseFile : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("dlnet-native-").FullName;
    public string Path => System.IO.Path.Combine(Directory, "cases.bin");
    public int Cases { get; }

    public KernelCaseFile() => Cases = KernelCases.Write(Path, seed: 20260601, casesPerKernel: 60);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>
/// The C runtime must reproduce the C# reference bit for bit: on the host (strict warnings, then with
/// address and undefined-behaviour sanitizers) and built for Cortex-M4 with the DSP path under QEMU.
/// </summary>
public sealed partial class NativeBitExactTests(KernelCaseFile cases) : IClassFixture<KernelCaseFile>
{
    [Fact]
    public void HostBuildMatchesReference() => RunHost("host", ["-O2"]);

    [Fact]
    public void HostBuildWithSanitizersMatchesReference() =>
        RunHost("sanitized", ["-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]);

    [Fact]
    public void RuntimeUsesNoFloatingPoint()
    {
        string gcc = NativeToolchain.Require("gcc", "gcc");
        if (RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
            throw new PlatformNotSupportedException("-mgeneral-regs-only needs an x86-64 or AArch64 host compiler");
        foreach (string source in NativeToolchain.RuntimeSources)
        {
            string obj = Path.Combine(cases.Directory, Path.GetFileNameWithoutExtension(source) + ".o");
            // Any float or double operation fails to compile when the FPU/SIMD registers are off limits.
            NativeToolchain.Compile(gcc, [.. NativeToolchain.StrictFlags, "-O2", "-mgeneral-regs-only", "-I", NativeToolchain.RuntimeInclude, "-c", source, "-o", obj], cases.Directory);
        }
    }

    [Fact]
    public void CortexM4BuildUnderQemuMatchesReference()
    {
        string cc = NativeToolchain.Require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
        string qemu = NativeToolchain.Require("qemu-system-arm", "qemu-system-arm");
        string elf = Path.Combine(cases.Directory, "harness-m4.elf");
        NativeToolchain.Compile(cc, [.. NativeToolchain.StrictFlags, .. NativeToolchain.CortexM4Flags,
            "-I", NativeToolchain.RuntimeInclude, .. NativeToolchain.RuntimeSources, NativeToolchain.Harness, "-o", elf], cases.Directory);
        var result = NativeToolchain.Run(qemu, ["-M", "mps2-an386", "-display", "none", "-serial", "none", "-monitor", "none",
            "-icount", "shift=0", "-semihosting-config", $"enable=on,target=native,arg=harness,arg={cases.Path}", "-kernel", elf], cases.Directory, TimeSpan.FromMinutes(2));
        var summary = AssertAllMatch(result, "qemu cortex-m4");
        Assert.Equal("1", summary.Groups["dsp"].Value); // the SMLAD path is the one under test
    }

    [Fact]
    public void HarnessReportsACorruptedExpectation()
    {
        string gcc = NativeToolchain.Require("gcc", "gcc");
        string corrupted = Path.Combine(cases.Directory, "corrupted.bin");
        byte[] bytes = File.ReadAllBytes(cases.Path);
        bytes[^5] ^= 0x01; // the last expected value, just before the end marker
        File.WriteAllBytes(corrupted, bytes);
        string exe = Path.Combine(cases.Directory, "harness-corrupted");
        NativeToolchain.Compile(gcc, [.. NativeToolchain.StrictFlags, "-O2", "-I", NativeToolchain.RuntimeInclude,
            .. NativeToolchain.RuntimeSources, NativeToolchain.Harness, "-o", exe], cases.Directory);
        var result = NativeToolchain.Run(exe, [corrupted], cases.Directory, TimeSpan.FromMinutes(1));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("mismatches=1 ", result.Output);
    }

    void RunHost(string name, string[] flags)
    {
        string gcc = NativeToolchain.Require("gcc", "gcc");
        string exe = Path.Combine(cases.Directory, "harness-" + name);
        NativeToolchain.Compile(gcc, [.. NativeToolchain.StrictFlags, .. flags, "-I", NativeToolchain.RuntimeInclude,
            .. NativeToolchain.RuntimeSources, NativeToolchain.Harness, "-o", exe], cases.Directory);
        var result = NativeToolchain.Run(exe, [cases.Path], cases.Directory, TimeSpan.FromMinutes(1));
        AssertAllMatch(result, name);
    }

    Match AssertAllMatch(NativeToolchain.Result result, string name)
    {
        var summary = Summary().Match(result.Output);
        Assert.True(summary.Success, $"{name}: harness printed no summary (exit {result.ExitCode}):\n{result.Output}");
        Assert.True(result.ExitCode == 0, $"{name}: harness failed (exit {result.ExitCode}):\n{result.Output}");
        Assert.Equal(cases.Cases, int.Parse(summary.Groups["cases"].Value));
        Assert.Equal("0", summary.Groups["mismatches"].Value);
        Assert.Equal("0", summary.Groups["arguments"].Value);
        return summary;
    }

    [GeneratedRegex(@"dlnet-harness: dsp=(?<dsp>\d) cases=(?<cases>\d+) values=(?<values>\d+) mismatches=(?<mismatches>\d+) argument-check-failures=(?<arguments>\d+) read-error=0")]
    private static partial Regex Summary();
}
