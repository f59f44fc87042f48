namespace Dlnet.IO;

/// <summary>
/// Reads a small file whole, never more than a limit: a file that is too large (or a device that never ends)
/// is refused after at most one byte past the limit, before its content is kept.
/// </summary>
public static class BoundedFile
{
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest content accepted.</param>
    /// <param name="what">What the file is, for the error message.</param>
    /// <exception cref="DataFormatException">Missing, or larger than <paramref name="maxBytes"/>.</exception>
    public static byte[] ReadAllBytes(string path, int maxBytes, string what)
    {
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException(path, null, "no such file");
        }
        using (stream)
        {
            var content = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1L - content.Length))) > 0)
            {
                content.Write(buffer, 0, read);
                if (content.Length > maxBytes)
                    throw new DataFormatException(path, null, $"larger than {maxBytes:N0} bytes, the largest {what} this build reads");
            }
            return content.ToArray();
        }
    }
}
