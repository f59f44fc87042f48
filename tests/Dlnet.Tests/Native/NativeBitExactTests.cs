using System.Text.RegularExpressions;
using Dlnet.Firmware;

namespace Dlnet.Tests.Native;

/// <summary>Fresh kernel cases from the C# twins, written once per test class in a temporary folder removed afterwards.</summary>
public sealed class FreshKernelCases : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("dlnet-native-").FullName;
    public string Path => System.IO.Path.Combine(Directory, "cases.bin");
    public int Cases { get; }

    // More rounds and another seed than the committed vectors: each .NET run adds its own cases to theirs.
    public FreshKernelCases() => Cases = KernelCaseWriter.Write(Path, KernelCases.Generate(seed: 20260601, rounds: 60, randomRows: 4000));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>
/// The C runtime reproduces its C# twins bit for bit, run through the runtime's own make targets and harness: on the
/// host (strict warnings, then with address and undefined-behaviour sanitizers), built for the Cortex-M4 under QEMU with
/// the DSP path and with the portable path (DLNET_NO_DSP), and on the committed vectors that <c>make -C runtime test</c> checks without .NET.
/// </summary>
public sealed partial class NativeBitExactTests(FreshKernelCases cases) : IClassFixture<FreshKernelCases>
{
    [Fact]
    public void HostBuildMatchesTheTwins() => AssertAllMatch(Make("test-host", cases.Path), cases.Cases);

    [Fact]
    public void HostBuildWithSanitizersMatchesTheTwins() => AssertAllMatch(Make("test-sanitized", cases.Path), cases.Cases);

    [ArmToolchainFact]
    public void CortexM4BuildUnderQemuMatchesTheTwins()
    {
        NativeToolchain.Require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
        NativeToolchain.Require("qemu-system-arm", "qemu-system-arm");
        var summary = AssertAllMatch(Make("run-m4", cases.Path), cases.Cases);
        Assert.Equal("1", summary.Groups["dsp"].Value); // the SMLAD path is the one under test
    }

    [ArmToolchainFact]
    public void CortexM4PortableBuildUnderQemuMatchesTheTwins()
    {
        NativeToolchain.Require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
        NativeToolchain.Require("qemu-system-arm", "qemu-system-arm");
        var summary = AssertAllMatch(Make("run-m4-portable", cases.Path), cases.Cases);
        Assert.Equal("0", summary.Groups["dsp"].Value); // DLNET_NO_DSP: the portable C on the same core
    }

    [Fact]
    public void CommittedVectorsMatchOnTheHost() =>
        AssertAllMatch(Make("test-host", NativeToolchain.CommittedCases), KernelCases.Committed().Count());

    [Fact]
    public void RuntimeUsesNoFloatingPoint()
    {
        var result = Make("test-no-float", cases.Path);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"no floating point in \d+ sources", result.Output);
    }

    [Fact]
    public void HarnessReportsACorruptedExpectation()
    {
        string corrupted = Path.Combine(cases.Directory, "corrupted.bin");
        byte[] bytes = File.ReadAllBytes(cases.Path);
        bytes[^5] ^= 0x01; // the last expected value, just before the end marker
        File.WriteAllBytes(corrupted, bytes);
        var result = Make("test-host", corrupted);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("mismatches=1 ", result.Output);
    }

    [Fact]
    public void HarnessRefusesATruncatedFileNamingTheCase()
    {
        string truncated = Path.Combine(cases.Directory, "truncated.bin");
        byte[] bytes = File.ReadAllBytes(cases.Path);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var result = Make("test-host", truncated);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches(@"bad case file: case \d+ \(\w+\) tensor \d+: truncated", result.Output);
        Assert.Contains("read-error=1", result.Output);
    }

    ToolProcess.Result Make(string target, string casesPath) =>
        NativeToolchain.Make(target, casesPath, Path.Combine(cases.Directory, "build-" + target));

    static Match AssertAllMatch(ToolProcess.Result result, int expectedCases)
    {
        var summary = Summary().Match(result.Output);
        Assert.True(summary.Success, $"the harness printed no summary (exit {result.ExitCode}):\n{result.Output}");
        Assert.True(result.ExitCode == 0, $"the harness failed (exit {result.ExitCode}):\n{result.Output}");
        Assert.Equal(expectedCases, int.Parse(summary.Groups["cases"].Value));
        Assert.True(long.Parse(summary.Groups["values"].Value) > 10_000, $"too few values compared:\n{result.Output}");
        Assert.Equal("0", summary.Groups["mismatches"].Value);
        Assert.Equal("0", summary.Groups["arguments"].Value);
        return summary;
    }

    [GeneratedRegex(@"dlnet-harness: dsp=(?<dsp>\d) cases=(?<cases>\d+) values=(?<values>\d+) mismatches=(?<mismatches>\d+) argument-check-failures=(?<arguments>\d+) read-error=0")]
    private static partial Regex Summary();
}
