using System.CommandLine;

namespace Dlnet.Cli.Common;

/// <summary>
/// Checks where a command will write while its command line is parsed, before any data is read or any network
/// trained: an output file must not name a folder, an output folder must not name a file, nothing above either
/// may be a file, and the nearest folder that exists must take new files. Nothing is created by the check.
/// </summary>
public static class OutputPaths
{
    /// <summary>The option names a file to write.</summary>
    public static Option<T> WritesFile<T>(this Option<T> option) where T : class?
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<T>() is string path && FileProblem(path) is string problem) r.AddError($"{option.Name}: {problem}");
        });
        return option;
    }

    /// <summary>The option names a folder to write into (created when missing).</summary>
    public static Option<T> WritesFolder<T>(this Option<T> option) where T : class?
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<T>() is string path && FolderProblem(path) is string problem) r.AddError($"{option.Name}: {problem}");
        });
        return option;
    }

    /// <summary>Why <paramref name="path"/> cannot be written as a file, or null.</summary>
    public static string? FileProblem(string path)
    {
        if (path.Length == 0) return "empty path";
        if (Directory.Exists(path)) return $"{path} is a folder; give the name of a file";
        return ParentProblem(path);
    }

    /// <summary>Why <paramref name="path"/> cannot be written as a folder, or null.</summary>
    public static string? FolderProblem(string path)
    {
        if (path.Length == 0) return "empty path";
        if (File.Exists(path)) return $"{path} is a file; give a folder";
        return Directory.Exists(path) ? Writable(Path.GetFullPath(path), path) : ParentProblem(path);
    }

    // The nearest ancestor that exists decides: a file there blocks the path, a folder there must take new files.
    private static string? ParentProblem(string path)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return $"{path} is not a usable path ({e.Message})"; }
        for (string? dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir)) return $"{dir} is a file, so {path} cannot be made below it";
            if (Directory.Exists(dir)) return Writable(dir, path);
        }
        return null;
    }

    private static string? Writable(string dir, string path)
    {
        // A probe that the system deletes on close: nothing is left behind, even if the process dies here.
        string probe = Path.Combine(dir, $".dlnet-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {path}: {dir} does not take new files ({e.Message})";
        }
    }
}
