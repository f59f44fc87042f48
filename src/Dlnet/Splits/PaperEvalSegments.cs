using System.Text.Json;
using System.Text.Json.Serialization;
using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Splits;

/// <summary>
/// The 16 fixed evaluation segments published with the paper's code, read from
/// <c>paper_eval_segments.json</c> beside the data: entries <c>{"battery": "BatNNN_SOH", "start": s, ...}</c>
/// whose rows s .. s+99 (0-based) are the input and s+100 .. s+199 the target. The one place where the
/// evaluation code knows how the paper names its cells.
/// </summary>
public static class PaperEvalSegments
{
    public const string FileName = "paper_eval_segments.json";

    /// <summary>The segments file that belongs to a data source (the folder itself, or the folder of a file), or null.</summary>
    public static string? Locate(string source)
    {
        string? folder = Directory.Exists(source) ? source
            : File.Exists(source) ? Path.GetDirectoryName(Path.GetFullPath(source)) : null;
        if (folder is null) return null;
        string path = Path.Combine(folder, FileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// The segments as windows of <paramref name="series"/>, in file order, without any value filter;
    /// null when the source has no segments file.
    /// </summary>
    /// <exception cref="DataFormatException">The file is malformed, or names a cell or rows the data lacks.</exception>
    public static WindowSet? TryLoad(SeriesSet series, int inputLength, int horizon, string name = "paper16")
    {
        string? path = Locate(series.Source);
        return path is null ? null : new WindowSet(name, series, inputLength, horizon, Read(path, series, inputLength + horizon));
    }

    private static List<Window> Read(string path, SeriesSet series, int length)
    {
        Segment[]? segments;
        try
        {
            using var stream = File.OpenRead(path);
            segments = JsonSerializer.Deserialize<Segment[]>(stream);
        }
        catch (JsonException e)
        {
            int? line = e.LineNumber is long l ? (int)l + 1 : null;
            throw new DataFormatException(path, line, $"not a list of segments {{\"battery\", \"start\"}}: {e.Message}", e);
        }
        if (segments is null || segments.Length == 0) throw new DataFormatException(path, null, "holds no segments");

        var windows = new List<Window>(segments.Length);
        for (int i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            if (string.IsNullOrEmpty(s.Battery) || s.Start is not int start)
                throw new DataFormatException(path, null, $"segment {i + 1} lacks \"battery\" or \"start\"");
            string id = s.Battery.EndsWith("_SOH", StringComparison.Ordinal) ? s.Battery[..^4] : s.Battery;
            int index = series.IndexOf(id);
            if (index < 0)
                throw new DataFormatException(path, null, $"segment {i + 1} names '{s.Battery}', but the data has no cell '{id}'");
            if (s.End is int end && end != start + length)
                throw new DataFormatException(path, null, $"segment {i + 1} ({s.Battery}) spans {start}..{end}; expected {length} rows");
            if (start < 0 || start + length > series[index].Length)
                throw new DataFormatException(path, null,
                    $"segment {i + 1} ({s.Battery}) needs rows {start}..{start + length - 1}; '{id}' has {series[index].Length}");
            windows.Add(new Window(index, start));
        }
        return windows;
    }

    private sealed record Segment(
        [property: JsonPropertyName("battery")] string? Battery,
        [property: JsonPropertyName("start")] int? Start,
        [property: JsonPropertyName("end")] int? End);
}
