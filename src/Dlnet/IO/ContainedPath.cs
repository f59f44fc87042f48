namespace Dlnet.IO;

/// <summary>
/// A path that a folder's own file names (a run folder's <c>summary.json</c> naming its model folders), resolved
/// so that it stays inside that folder: the file may have been edited or come from someone else, and must not
/// point the reader at another model or any other file on the machine.
/// </summary>
public static class ContainedPath
{
    /// <summary>The full path of <paramref name="relative"/> inside <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder the path must stay in.</param>
    /// <param name="relative">The path as the file gives it.</param>
    /// <param name="file">The file that gives it, for the error message.</param>
    /// <param name="field">The field that holds it, for the error message.</param>
    /// <exception cref="DataFormatException">An absolute path, one that climbs out with '..', or one through a symbolic link.</exception>
    public static string Resolve(string folder, string relative, string file, string field)
    {
        DataFormatException Outside(string why) =>
            new(file, null, $"{field} '{relative}' {why}; it must name a folder inside {folder}");

        if (string.IsNullOrWhiteSpace(relative) || relative.Contains('\0')) throw Outside("is not a folder name");
        if (Path.IsPathRooted(relative)) throw Outside("is an absolute path");
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(root, relative)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw Outside("leads outside the folder");
        // A link inside the folder could point anywhere.
        for (string? at = full; at is not null && at.Length > root.Length; at = Path.GetDirectoryName(at))
        {
            if (new FileInfo(at).LinkTarget is not null) throw Outside("passes through a symbolic link");
        }
        return full;
    }
}
