using System.Diagnostics;

namespace Dlnet.Tests.Native;

/// <summary>
/// Builds the C runtime and the harness with the host compiler or the Arm cross compiler and runs them
/// (natively, or under QEMU's Cortex-M4 board with semihosting). A missing tool fails the test with the
/// package to install: CI installs them from .ci/apt-packages.
/// </summary>
static class NativeToolchain
{
    public static readonly string[] StrictFlags = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];

    /// <summary>Flags for the Arduino Nano 33 BLE Sense's Cortex-M4F, with picolibc and semihosting I/O.</summary>
    public static readonly string[] CortexM4Flags =
    [
        "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-O2",
        "--specs=picolibc.specs", "--oslib=semihost", "--crt0=semihost",
        "-Wl,--defsym=__flash=0", "-Wl,--defsym=__flash_size=0x100000",
        "-Wl,--defsym=__ram=0x20000000", "-Wl,--defsym=__ram_size=0x40000", "-Wl,--defsym=__stack_size=0x1000",
    ];

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Dlnet.slnx"))) return dir.FullName;
            throw new InvalidOperationException("repository root (Dlnet.slnx) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string RuntimeInclude => Path.Combine(RepositoryRoot, "runtime", "include");

    public static string[] RuntimeSources => Directory.GetFiles(Path.Combine(RepositoryRoot, "runtime", "src"), "*.c").Order(StringComparer.Ordinal).ToArray();

    public static string Harness => Path.Combine(RepositoryRoot, "tests", "Dlnet.Tests", "Native", "harness.c");

    /// <summary>The full path of <paramref name="tool"/> on PATH; fails with the Debian package that provides it.</summary>
    public static string Require(string tool, string debianPackage)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"{tool} not found on PATH: the native bit-exactness tests need it; install the Debian package '{debianPackage}' (listed in .ci/apt-packages)");
    }

    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs a process to completion (killed after <paramref name="timeout"/>), stdout and stderr merged.</summary>
    public static Result Run(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Compiles and links; fails with the compiler's messages.</summary>
    public static void Compile(string compiler, IEnumerable<string> arguments, string workingDirectory)
    {
        var result = Run(compiler, arguments, workingDirectory, TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(compiler)} failed (exit {result.ExitCode}):\n{result.Output}");
    }
}
