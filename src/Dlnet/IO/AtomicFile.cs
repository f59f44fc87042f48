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
    /// The writer is decided by creating a claim file beside the target exclusively (O_EXCL, atomic on every local
    /// and network file system; a move without overwrite is not, where hard links are refused); the others wait
    /// until the target is there.
    /// </summary>
    /// <returns>False when the file was already there, or another writer made it (it is left as it is).</returns>
    /// <exception cref="IOException">Another writer's claim stood for <see cref="ClaimTimeout"/> without the file appearing.</exception>
    public static bool TryCreate(string path, string text) => TryCreate(path, text, ClaimTimeout);

    internal static bool TryCreate(string path, string text, TimeSpan claimTimeout)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string claim = Path.Combine(dir ?? ".", $".{Path.GetFileName(full)}.claim");
        var deadline = DateTime.UtcNow + claimTimeout;
        int vanished = 0;
        while (true)
        {
            if (File.Exists(full)) return false;
            FileStream held;
            try { held = new FileStream(claim, FileMode.CreateNew, FileAccess.Write, FileShare.None); }
            // Held by another writer, or let go since (its file is there, or it failed and another may claim): not an
            // error unless the claim cannot be made at all (a folder that refuses new files), which repeats.
            catch (IOException) when (File.Exists(claim) || File.Exists(full) || ++vanished <= 3)
            {
                if (DateTime.UtcNow > deadline)
                    throw new IOException($"{claim} has stood for {claimTimeout.TotalSeconds:0.#} s without {full} appearing: a writer stopped; remove the claim");
                Thread.Sleep(10);
                continue;
            }
            try
            {
                // The file may have appeared between the check above and the claim (its writer has let go since).
                if (File.Exists(full)) return false;
                WriteAllText(full, text);
                return true;
            }
            finally
            {
                held.Dispose();
                File.Delete(claim);
            }
        }
    }

    /// <summary>How long <see cref="TryCreate(string, string)"/> waits for another writer's file.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(30);

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }
}
