using System.Globalization;
using Dlnet.IO;
using Dlnet.Series;
using nietras.SeparatedValues;

namespace Dlnet.Fleet;

/// <summary>
/// Writes a fleet in the long CSV form that <see cref="FleetLoader"/> reads: <c>cell,cycle,soh</c>, one row
/// per cycle (1-based), and the tags in <c>&lt;stem&gt;_meta.csv</c> beside it (<c>cell,&lt;tags...&gt;,split</c>).
/// Numbers are written in the invariant culture with round-trip precision, so the same set always gives the
/// same bytes and reads back to the same doubles.
/// </summary>
public static class LongCsvWriter
{
    /// <summary>The metadata file that belongs with <paramref name="csvPath"/>: <c>fleet.csv</c> -&gt; <c>fleet_meta.csv</c>.</summary>
    public static string MetaPath(string csvPath)
    {
        string full = Path.GetFullPath(csvPath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "_meta.csv");
    }

    /// <summary>
    /// Writes <paramref name="set"/> to <paramref name="csvPath"/> and, when any series has tags, its metadata to
    /// <see cref="MetaPath"/>; each file appears whole or not at all. When no series has tags an old metadata file
    /// at that path is removed, since it would describe other cells.
    /// </summary>
    /// <returns>The metadata file written, or null when there were no tags.</returns>
    public static string? Write(SeriesSet set, string csvPath)
    {
        ArgumentNullException.ThrowIfNull(set);
        AtomicFile.Write(csvPath, stream => WriteValues(set, stream));
        return WriteMetadata(set, csvPath);
    }

    /// <summary>
    /// The metadata half of <see cref="Write"/> for a data file of any long form: the tags to <see cref="MetaPath"/>,
    /// or an old metadata file there removed when no series has tags.
    /// </summary>
    internal static string? WriteMetadata(SeriesSet set, string dataPath)
    {
        string metaPath = MetaPath(dataPath);
        string[] tagNames = TagColumns(set);
        if (tagNames.Length == 0)
        {
            File.Delete(metaPath);
            return null;
        }
        AtomicFile.Write(metaPath, stream => WriteMeta(set, tagNames, stream));
        return metaPath;
    }

    private static void WriteValues(SeriesSet set, Stream stream)
    {
        using var writer = NewWriter(stream);
        writer.Header.Add(["cell", "cycle", "soh"]);
        Span<char> number = stackalloc char[32];
        foreach (var series in set)
        {
            for (int i = 0; i < series.Length; i++)
            {
                using var row = writer.NewRow();
                row["cell"].Set(series.Id);
                row["cycle"].Set(Format(i + 1, number));
                row["soh"].Set(Format(series.Values[i], number));
            }
        }
    }

    private static void WriteMeta(SeriesSet set, string[] tagNames, Stream stream)
    {
        using var writer = NewWriter(stream);
        writer.Header.Add(["cell", .. tagNames]);
        foreach (var series in set)
        {
            using var row = writer.NewRow();
            row["cell"].Set(series.Id);
            foreach (string tag in tagNames)
                row[tag].Set(series.Tags.TryGetValue(tag, out var value) ? value : "");
        }
    }

    // Every tag key in order of first appearance, with split moved last where people look for it.
    private static string[] TagColumns(SeriesSet set)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var series in set)
            foreach (string key in series.Tags.Keys)
                if (seen.Add(key)) names.Add(key);
        if (names.Remove(TagNames.Split)) names.Add(TagNames.Split);
        return [.. names];
    }

    private static SepWriter NewWriter(Stream stream) =>
        Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(stream, leaveOpen: true);

    // "R": the shortest text that parses back to the same double.
    private static ReadOnlySpan<char> Format(double value, Span<char> buffer)
    {
        value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
        return buffer[..written];
    }

    private static ReadOnlySpan<char> Format(int value, Span<char> buffer)
    {
        value.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
        return buffer[..written];
    }
}
