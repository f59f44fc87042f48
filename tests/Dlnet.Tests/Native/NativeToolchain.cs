using Dlnet.Firmware;

namespace Dlnet.Tests.Native;

/// <summary>
/// Runs the runtime's own checks (runtime/Makefile: the harness on the host, with sanitizers, for the Cortex-M4
/// under QEMU) on a case file and in a build folder of the caller's. A missing tool fails the test with the package
/// to install: CI installs them from .ci/apt-packages.
/// </summary>
static class NativeToolchain
{
    /// <summary>C99 with every warning an error, as generated code must compile.</summary>
    public static readonly string[] StrictFlags = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Dlnet.slnx"))) return dir.FullName;
            throw new InvalidOperationException("repository root (Dlnet.slnx) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Runtime => Path.Combine(RepositoryRoot, "runtime");

    /// <summary>The committed kernel cases that <c>make -C runtime test</c> runs.</summary>
    public static string CommittedCases => Path.Combine(Runtime, "tests", "kernel_cases.bin");

    /// <summary><c>make -C runtime target CASES=cases BUILD=build</c>, stdout and stderr merged.</summary>
    public static ToolProcess.Result Make(string target, string cases, string build)
    {
        string make = Require("make", "make");
        return Run(make, ["-C", Runtime, "--no-print-directory", target, "CASES=" + cases, "BUILD=" + build], Runtime, TimeSpan.FromMinutes(3));
    }

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

    /// <summary>Runs a process to completion (killed after <paramref name="timeout"/>), stdout and stderr merged, as the firmware step runs its tools.</summary>
    public static ToolProcess.Result Run(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout) =>
        ToolProcess.Run(file, arguments, workingDirectory, timeout);

    /// <summary>Compiles and links; fails with the compiler's messages.</summary>
    public static void Compile(string compiler, IEnumerable<string> arguments, string workingDirectory) =>
        ToolProcess.Compile(compiler, arguments, workingDirectory, TimeSpan.FromMinutes(2));
}
