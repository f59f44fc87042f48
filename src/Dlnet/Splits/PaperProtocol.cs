using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Splits;

/// <summary>Settings of <see cref="PaperProtocol"/>.</summary>
public sealed record PaperProtocolOptions
{
    public int InputLength { get; init; } = 100;

    public int Horizon { get; init; } = 100;

    public ValueBounds? Bounds { get; init; } = ValueBounds.Default;

    /// <summary>Steps between window starts: 40 for windows of 200 is the paper's 80% overlap.</summary>
    public int Stride { get; init; } = 40;

    /// <summary>Share of each series' windows that go to <c>test</c>.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Share of each series' remaining windows held out for <c>validation</c>.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Series left out entirely (the paper drops <c>Bat043</c> as too short).</summary>
    public IReadOnlySet<string> Excluded { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "Bat043" };

    public int Seed { get; init; } = 42;
}

/// <summary>
/// The protocol of the published method, for comparison with its numbers: overlapping windows from every
/// series, a seeded share of each series' windows for <c>test</c> and the rest for training (minus a seeded
/// share for <c>validation</c>, which the original lacks). Train and test windows of one series overlap
/// in time, so scores under this protocol say little about series never seen; prefer <see cref="CellsProtocol"/>.
/// The paper's evaluation segments, when present, are reported as <c>paper16</c>.
/// </summary>
public static class PaperProtocol
{
    public const string Name = "paper";

    public static ProtocolSplits Split(SeriesSet series, PaperProtocolOptions? options = null)
    {
        var o = options ?? new PaperProtocolOptions();
        var spec = new WindowSpec(o.InputLength, o.Horizon, o.Stride) { Bounds = o.Bounds };
        var random = new Random(o.Seed);
        var train = new List<Window>();
        var validation = new List<Window>();
        var test = new List<Window>();
        var cut = new List<Window>();
        for (int i = 0; i < series.Count; i++)
        {
            if (o.Excluded.Contains(series[i].Id)) continue;
            cut.Clear();
            spec.Cut(series[i].Values, i, cut);
            // Shuffled per series so that each keeps its share in every split; each split is then put
            // back in time order, which keeps batches and reports reproducible and readable.
            Window[] order = SeededShuffle.Shuffled(cut, random);
            int nTest = SeededShuffle.Share(order.Length, o.TestFraction);
            int nValidation = SeededShuffle.Share(order.Length - nTest, o.ValidationFraction);
            test.AddRange(order[..nTest].OrderBy(w => w.Start));
            validation.AddRange(order[nTest..(nTest + nValidation)].OrderBy(w => w.Start));
            train.AddRange(order[(nTest + nValidation)..].OrderBy(w => w.Start));
        }
        var trainSet = new WindowSet("train", series, o.InputLength, o.Horizon, train);
        if (trainSet.Count == 0)
            throw new DataFormatException(series.Source, null, $"no series yields a window of {spec.Length} steps with all values in {o.Bounds}");

        var reports = new List<WindowSet> { new("test", series, o.InputLength, o.Horizon, test) };
        if (PaperEvalSegments.TryLoad(series, o.InputLength, o.Horizon) is WindowSet paper) reports.Add(paper);
        return new ProtocolSplits(Name, trainSet, new WindowSet("validation", series, o.InputLength, o.Horizon, validation), reports, MinMaxScaler.Fit(trainSet));
    }
}
