using System.Globalization;

namespace Dlnet.Fleet;

/// <summary>What a forecasting window needs from a cell; cells and values outside it are reported.</summary>
/// <param name="MinCycles">Cycles in one window: 100 cycles of input and a 100-cycle horizon.</param>
/// <param name="WindowLow">Windowing keeps only windows whose SOH values are all in (low, high].</param>
/// <param name="WindowHigh">Upper end of that range.</param>
public sealed record InspectionLimits(int MinCycles = 200, double WindowLow = 0.5, double WindowHigh = 1.1)
{
    public static InspectionLimits Default { get; } = new();
}

/// <summary>Smallest, median and largest number of cycles per cell.</summary>
public readonly record struct CycleCounts(int Min, double Median, int Max);

/// <summary>Smallest and largest of a set of SOH values.</summary>
public readonly record struct ValueRange(double Min, double Max);

/// <summary>How many cells and cycles carry one <c>split</c> tag.</summary>
public sealed record SplitCount(string Split, int Cells, int Cycles);

/// <summary>
/// The facts about a loaded fleet that decide whether it can train and evaluate a forecaster: its size,
/// cycles per cell, SOH at the start and end of life, the split, and every problem found.
/// </summary>
public sealed record FleetInspection(
    string Source,
    FleetFormat Format,
    string? Metadata,
    int Cells,
    int TotalCycles,
    CycleCounts CyclesPerCell,
    ValueRange FirstSoh,
    ValueRange LastSoh,
    ValueRange Soh,
    IReadOnlyList<SplitCount> Splits,
    int CellsWithoutSplit,
    InspectionLimits Limits,
    IReadOnlyList<DataProblem> Problems)
{
    public static FleetInspection Of(FleetLoadResult fleet, InspectionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        limits ??= InspectionLimits.Default;
        var cells = fleet.Series;
        if (cells.Count == 0) throw new ArgumentException("the fleet has no cells", nameof(fleet));

        int[] lengths = cells.Select(c => c.Length).Order().ToArray();
        int mid = lengths.Length / 2;
        double median = lengths.Length % 2 == 1 ? lengths[mid] : (lengths[mid - 1] + lengths[mid]) / 2.0;

        var problems = new List<DataProblem>(fleet.Problems);
        foreach (var cell in cells)
        {
            if (cell.Length < limits.MinCycles)
                problems.Add(new DataProblem(DataProblemKind.TooShort, cell.Id,
                    $"{cell.Id}: {cell.Length} cycles, fewer than the {limits.MinCycles} one window needs; it gives no windows"));
            int outside = cell.Values.Count(v => !(v > limits.WindowLow && v <= limits.WindowHigh));
            if (outside > 0)
                problems.Add(new DataProblem(DataProblemKind.OutsideWindowRange, cell.Id,
                    $"{cell.Id}: {outside} value(s) outside ({F(limits.WindowLow)}, {F(limits.WindowHigh)}] (min {F(cell.Values.Min())}, max {F(cell.Values.Max())}); windows holding them are dropped"));
        }

        foreach (var tag in cells.Where(c => c.Split is string t && !SplitTags.IsKnown(t)).GroupBy(c => c.Split!, StringComparer.Ordinal))
            problems.Add(new DataProblem(DataProblemKind.UnknownSplit, tag.First().Id,
                $"split '{tag.Key}' ({tag.Count()} cell(s), first {tag.First().Id}) is not a split name: give {SplitTags.Expected}"));

        var splits = cells.Where(c => c.Split != null)
            .GroupBy(c => c.Split!, StringComparer.Ordinal)
            .Select(g => new SplitCount(g.Key, g.Count(), g.Sum(c => c.Length)))
            .ToArray();

        return new FleetInspection(
            Source: fleet.DataPath,
            Format: fleet.Format,
            Metadata: fleet.MetadataPath,
            Cells: cells.Count,
            TotalCycles: lengths.Sum(),
            CyclesPerCell: new CycleCounts(lengths[0], median, lengths[^1]),
            FirstSoh: Range(cells.Select(c => c.Values[0])),
            LastSoh: Range(cells.Select(c => c.Values[^1])),
            Soh: Range(cells.SelectMany(c => c.Values)),
            Splits: splits,
            CellsWithoutSplit: cells.Count(c => c.Split == null),
            Limits: limits,
            Problems: problems);
    }

    private static ValueRange Range(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
        return new ValueRange(min, max);
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
