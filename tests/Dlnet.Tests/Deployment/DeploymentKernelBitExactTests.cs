using System.Text.RegularExpressions;
using Dlnet.Tests.Native;

namespace Dlnet.Tests.Deployment;

/// <summary>Writes the deployment kernel cases once per test class, in a temporary folder removed afterwards.</summary>
public sealed class DeploymentKernelCaseFile : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("dlnet-deploy-kernels-").FullName;
    public string Path => System.IO.Path.Combine(Directory, "cases.bin");
    public int Cases { get; }

    public DeploymentKernelCaseFile() => Cases = DeploymentKernelCases.Write(Path, seed: 20260715, casesPerKernel: 80);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>
/// The deployment kernels in C (layer norm, Euler step, forecast head, inverse square root) reproduce
/// their C# references bit for bit: host gcc with strict warnings, with address and undefined-behaviour
/// sanitizers, and built for Cortex-M4 under QEMU.
/// </summary>
public sealed partial class DeploymentKernelBitExactTests(DeploymentKernelCaseFile cases) : IClassFixture<DeploymentKernelCaseFile>
{
    static string Harness => Path.Combine(NativeToolchain.RepositoryRoot, "tests", "Dlnet.Tests", "Deployment", "deployment_harness.c");

    [Fact]
    public void HostBuildMatchesReference() => RunHost("host", ["-O2"], cases.Path, expectMismatches: 0);

    [Fact]
    public void HostBuildWithSanitizersMatchesReference() =>
        RunHost("sanitized", ["-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"], cases.Path, expectMismatches: 0);

    [Fact]
    public void CortexM4BuildUnderQemuMatchesReference()
    {
        string cc = NativeToolchain.Require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
        string qemu = NativeToolchain.Require("qemu-system-arm", "qemu-system-arm");
        string elf = Path.Combine(cases.Directory, "deployment-harness-m4.elf");
        NativeToolchain.Compile(cc, [.. NativeToolchain.StrictFlags, .. NativeToolchain.CortexM4Flags,
            "-I", NativeToolchain.RuntimeInclude, .. NativeToolchain.RuntimeSources, Harness, "-o", elf], cases.Directory);
        var result = NativeToolchain.Run(qemu, ["-M", "mps2-an386", "-display", "none", "-serial", "none", "-monitor", "none",
            "-icount", "shift=0", "-semihosting-config", $"enable=on,target=native,arg=harness,arg={cases.Path}", "-kernel", elf], cases.Directory, TimeSpan.FromMinutes(2));
        AssertSummary(result, "qemu cortex-m4", expectMismatches: 0);
    }

    [Fact]
    public void HarnessReportsACorruptedExpectation()
    {
        string corrupted = Path.Combine(cases.Directory, "corrupted.bin");
        byte[] bytes = File.ReadAllBytes(cases.Path);
        bytes[^5] ^= 0x01; // the last expected value, just before the end marker
        File.WriteAllBytes(corrupted, bytes);
        RunHost("corrupted", ["-O2"], corrupted, expectMismatches: 1);
    }

    void RunHost(string name, string[] flags, string casesPath, int expectMismatches)
    {
        string gcc = NativeToolchain.Require("gcc", "gcc");
        string exe = Path.Combine(cases.Directory, "deployment-harness-" + name);
        NativeToolchain.Compile(gcc, [.. NativeToolchain.StrictFlags, .. flags, "-I", NativeToolchain.RuntimeInclude,
            .. NativeToolchain.RuntimeSources, Harness, "-o", exe], cases.Directory);
        var result = NativeToolchain.Run(exe, [casesPath], cases.Directory, TimeSpan.FromMinutes(1));
        AssertSummary(result, name, expectMismatches);
    }

    void AssertSummary(NativeToolchain.Result result, string name, int expectMismatches)
    {
        var summary = Summary().Match(result.Output);
        Assert.True(summary.Success, $"{name}: harness printed no summary (exit {result.ExitCode}):\n{result.Output}");
        Assert.Equal(cases.Cases, int.Parse(summary.Groups["cases"].Value));
        Assert.True(int.Parse(summary.Groups["values"].Value) > 10_000, $"{name}: too few values compared:\n{result.Output}");
        Assert.Equal(expectMismatches.ToString(), summary.Groups["mismatches"].Value);
        Assert.Equal("0", summary.Groups["arguments"].Value);
        Assert.Equal(expectMismatches == 0 ? 0 : 1, result.ExitCode);
    }

    [GeneratedRegex(@"dlnet-deploy-harness: cases=(?<cases>\d+) values=(?<values>\d+) mismatches=(?<mismatches>\d+) argument-check-failures=(?<arguments>\d+) read-error=0")]
    private static partial Regex Summary();
}
