using System.Diagnostics;

namespace Dlnet.Firmware;

/// <summary>Finds and runs the external tools of a deployment (C compilers, size, the emulator).</summary>
internal static class ToolProcess
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>The full path of <paramref name="tool"/> (a name looked up on PATH, or a path), or null when absent.</summary>
    public static string? Find(string tool)
    {
        if (tool.Contains(Path.DirectorySeparatorChar) || tool.Contains(Path.AltDirectorySeparatorChar))
            return File.Exists(tool) ? Path.GetFullPath(tool) : null;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The first line of <c>tool --version</c>.</summary>
    public static string Version(string path)
    {
        var r = Run(path, ["--version"], Path.GetTempPath(), TimeSpan.FromSeconds(30));
        string first = r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return first.Length > 0 ? first : Path.GetFileName(path);
    }

    /// <summary>Runs to completion (killed after <paramref name="timeout"/>), stdout and stderr merged.</summary>
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
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within {timeout.TotalSeconds:0} s");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs a compiler or linker; throws with its messages when it fails.</summary>
    public static void Compile(string compiler, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var r = Run(compiler, arguments, workingDirectory, timeout);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(compiler)} failed (exit {r.ExitCode}):\n{r.Output.Trim()}");
    }
}
