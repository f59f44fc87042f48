namespace Dlnet.IO;

/// <summary>
/// Writes a file so that readers see either nothing or the whole file: the content goes to a temporary
/// file beside the target, which is moved into place only once it is complete.
/// </summary>
public static class AtomicFile
{
    private static long _writes;

    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // Unique per process and call, so that two writers of one target never share a temporary file.
        string temp = Path.Combine(dir ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Interlocked.Increment(ref _writes)}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> only if no file is there, atomically, so that of
    /// several processes creating one file at once exactly one succeeds and the others see its whole content.
    /// </summary>
    /// <returns>False when the file was already there (it is left as it is).</returns>
    public static bool TryCreate(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Interlocked.Increment(ref _writes)}.tmp");
        try
        {
            File.WriteAllText(temp, text, new System.Text.UTF8Encoding(false));
            if (File.Exists(full)) return false;
            // A move without overwrite is a hard link on Unix: it fails, whole, if another process got there first.
            File.Move(temp, full, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(full))
        {
            return false;
        }
        finally
        {
            try { File.Delete(temp); } catch (IOException) { }
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }
}
