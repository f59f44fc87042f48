using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Splits;

/// <summary>Settings of <see cref="AdaptationProtocol"/>, stored with an adapted model so that its splits can be cut again.</summary>
public sealed record AdaptationProtocolOptions
{
    /// <summary>Ids of the cells adapted on, in fleet order.</summary>
    public required IReadOnlyList<string> Cells { get; init; }

    /// <summary>Share of each adaptation cell's cycles, at its end (at least one horizon), whose windows choose the checkpoint.</summary>
    public double ValidationShare { get; init; } = 0.2;

    public int InputLength { get; init; } = 100;

    public int Horizon { get; init; } = 100;

    /// <summary>Stride of the adaptation cells' training and validation windows: with a few cells, every window counts.</summary>
    public int TrainStride { get; init; } = 1;

    /// <summary>Stride of the held-out cells' report windows, as under <see cref="CellsProtocol"/>.</summary>
    public int EvalStride { get; init; } = 10;
}

/// <summary>
/// How a new fleet is split to adapt a trained model to it (docs/adaptation.md): a few cells are adapted on,
/// every other cell is held out and only reported on. Each adaptation cell is cut in time at
/// 1 - <see cref="AdaptationProtocolOptions.ValidationShare"/> of its cycles, or one horizon before its end if
/// that is earlier: the training windows lie wholly
/// before the cut, the validation windows forecast cycles after it (their histories may reach back before it),
/// so no cycle is both fitted and used to choose. Held-out cells form one report split per split tag of the
/// fleet: <c>test1</c>, <c>test2</c>, ..., and <see cref="OtherTrainSplit"/> for the <c>train</c> cells not adapted
/// on; in a fleet without split tags they form <see cref="HeldOutSplit"/>. Series without a tag in a tagged fleet
/// are left out, as under <see cref="CellsProtocol"/>.
/// </summary>
public static class AdaptationProtocol
{
    public const string Name = "adapt";

    /// <summary>Report split of the fleet's <c>train</c> cells that were not adapted on.</summary>
    public const string OtherTrainSplit = "train_rest";

    /// <summary>Report split of every cell not adapted on, in a fleet without split tags.</summary>
    public const string HeldOutSplit = "held_out";

    /// <exception cref="ArgumentException">No cells, or a cell named twice or not in the fleet.</exception>
    /// <exception cref="DataFormatException">An adaptation cell yields no training or no validation window (<see cref="CanAdaptOn"/>).</exception>
    public static ProtocolSplits Split(SeriesSet series, AdaptationProtocolOptions options)
    {
        if (options.Cells.Count == 0) throw new ArgumentException("no cells to adapt on", nameof(options));
        if (!(options.ValidationShare is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationShare, "the validation share must lie strictly between 0 and 1");
        var adapted = new HashSet<int>();
        foreach (string id in options.Cells)
        {
            int index = series.IndexOf(id);
            if (index < 0) throw new ArgumentException($"no cell '{id}' in {series.Source}", nameof(options));
            if (!adapted.Add(index)) throw new ArgumentException($"cell '{id}' is named twice", nameof(options));
        }

        var spec = new WindowSpec(options.InputLength, options.Horizon, options.TrainStride);
        var train = new List<Window>();
        var validation = new List<Window>();
        foreach (int s in adapted.Order())
        {
            var (fit, choose) = Cut(series[s].Values, s, spec, options.ValidationShare);
            if (fit.Count == 0 || choose.Count == 0)
                throw new DataFormatException(series.Source, null,
                    $"cell '{series[s].Id}' ({series[s].Length} cycles) is too short to adapt on: it needs {Needs(spec, options.ValidationShare)}; adapt on longer cells");
            train.AddRange(fit);
            validation.AddRange(choose);
        }

        var evalSpec = spec with { Stride = options.EvalStride };
        var reports = HeldOut(series, adapted).Select(r => WindowSet.Cut(r.Name, series, r.Series, evalSpec)).ToList();
        var trainSet = new WindowSet("train", series, spec.InputLength, spec.Horizon, train);
        return new ProtocolSplits(Name, trainSet, new WindowSet("validation", series, spec.InputLength, spec.Horizon, validation), reports, MinMaxScaler.Fit(trainSet));
    }

    /// <summary>
    /// <paramref name="count"/> cells to adapt on, drawn with <paramref name="seed"/> from the fleet's <c>train</c> cells
    /// (every cell in a fleet without split tags) that can be adapted on (<see cref="CanAdaptOn"/>); in fleet order.
    /// Only those cells are looked at, so the draw knows nothing of the held-out cells' values.
    /// </summary>
    /// <exception cref="DataFormatException">Fewer such cells than <paramref name="count"/>.</exception>
    public static IReadOnlyList<string> Draw(SeriesSet series, int count, int seed, AdaptationProtocolOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        options ??= new AdaptationProtocolOptions { Cells = [] };
        bool tagged = series.Splits.Count > 0;
        var pool = Enumerable.Range(0, series.Count).Where(i => !tagged || series[i].Split == CellsProtocol.TrainTag).ToArray();
        var usable = pool.Where(i => CanAdaptOn(series[i], options)).ToArray();
        string from = tagged ? $"'{CellsProtocol.TrainTag}' cells" : "cells";
        if (usable.Length < count)
            throw new DataFormatException(series.Source, null,
                $"{usable.Length} of its {pool.Length} {from} are long enough to adapt on (each needs " +
                $"{Needs(new WindowSpec(options.InputLength, options.Horizon), options.ValidationShare)}); cannot draw {count}");
        return [.. SeededShuffle.Shuffled(usable, new Random(seed))[..count].Order().Select(i => series[i].Id)];
    }

    /// <summary>
    /// Whether a cell yields at least one training and one validation window, so that it can be adapted on.
    /// Looks at that cell alone.
    /// </summary>
    public static bool CanAdaptOn(TimeSeries cell, AdaptationProtocolOptions options)
    {
        var (fit, choose) = Cut(cell.Values, 0, new WindowSpec(options.InputLength, options.Horizon, options.TrainStride), options.ValidationShare);
        return fit.Count > 0 && choose.Count > 0;
    }

    private static string Needs(WindowSpec spec, double validationShare) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"a window of {spec.Length} cycles with all values in {spec.Bounds} before its last {validationShare * 100:0.#}% of cycles (at least {spec.Horizon}), and one whose {spec.Horizon} forecast cycles lie within them");

    /// <summary>The training windows (wholly before the cut) and validation windows (targets wholly after it) of one cell.</summary>
    private static (List<Window> Fit, List<Window> Choose) Cut(double[] values, int series, WindowSpec spec, double validationShare)
    {
        int n = values.Length;
        // At least one horizon after the cut, so that a shorter cell still has a forecast to choose on.
        int cut = Math.Min((int)Math.Round((1 - validationShare) * n, MidpointRounding.AwayFromZero), n - spec.Horizon);
        if (cut <= 0) return ([], []);
        var fit = new List<Window>();
        spec.Cut(values.AsSpan(0, cut), series, fit);
        // A validation window's target starts at or after the cut: its history begins at most InputLength before it.
        int from = Math.Max(0, cut - spec.InputLength);
        var shifted = new List<Window>();
        spec.Cut(values.AsSpan(from), series, shifted);
        var choose = shifted.Select(w => w with { Start = w.Start + from }).Where(w => w.Start + spec.InputLength >= cut).ToList();
        return (fit, choose);
    }

    /// <summary>The held-out report splits: one per split tag (in order of first appearance), each with its cells not adapted on.</summary>
    private static IEnumerable<(string Name, List<int> Series)> HeldOut(SeriesSet series, HashSet<int> adapted)
    {
        var reports = new List<(string Name, List<int> Series)>();
        bool tagged = series.Splits.Count > 0;
        for (int i = 0; i < series.Count; i++)
        {
            if (adapted.Contains(i)) continue;
            string? tag = series[i].Split;
            if (tagged && tag is null) continue;
            string name = !tagged ? HeldOutSplit : tag == CellsProtocol.TrainTag ? OtherTrainSplit : tag!;
            int r = reports.FindIndex(x => x.Name == name);
            if (r < 0) { reports.Add((name, [])); r = reports.Count - 1; }
            reports[r].Series.Add(i);
        }
        return reports;
    }
}
