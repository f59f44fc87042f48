using Dlnet.IO;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Splits;

/// <summary>
/// Every cell of a fleet a model has never seen, scored: the windows of the <see cref="CellsProtocol"/> report
/// splits (same length, stride and value bounds), one split per split tag in order of first appearance and one
/// named <see cref="UntaggedSplit"/> for cells without a tag. Nothing is held out, since nothing is fitted.
/// </summary>
public static class WholeFleet
{
    /// <summary>The name under which results scored this way are reported, in place of a protocol's.</summary>
    public const string Name = "all-cells";

    /// <summary>The split of the cells that carry no split tag.</summary>
    public const string UntaggedSplit = "all";

    /// <exception cref="DataFormatException">No cell yields a window.</exception>
    public static IReadOnlyList<WindowSet> Splits(SeriesSet series, CellsProtocolOptions? options = null)
    {
        var o = options ?? new CellsProtocolOptions();
        var spec = new WindowSpec(o.InputLength, o.Horizon, o.EvalStride) { Bounds = o.Bounds };
        var groups = new List<(string Name, List<int> Series)>();
        for (int i = 0; i < series.Count; i++)
        {
            string name = series[i].Split ?? UntaggedSplit;
            int g = groups.FindIndex(x => x.Name == name);
            if (g < 0) { groups.Add((name, [])); g = groups.Count - 1; }
            groups[g].Series.Add(i);
        }
        var splits = groups.Select(g => WindowSet.Cut(g.Name, series, g.Series, spec)).ToArray();
        if (splits.All(s => s.Count == 0))
            throw new DataFormatException(series.Source, null,
                $"none of the {series.Count} cells yields a window of {spec.Length} steps with all values in {o.Bounds}");
        return splits;
    }
}
