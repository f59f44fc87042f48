using Dlnet.Fleet;
using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Splits;

/// <summary>Settings of <see cref="CellsProtocol"/>.</summary>
public sealed record CellsProtocolOptions
{
    public int InputLength { get; init; } = 100;

    public int Horizon { get; init; } = 100;

    /// <summary>Range every value of a window must lie in (train, validation and report windows alike).</summary>
    public ValueBounds? Bounds { get; init; } = ValueBounds.Default;

    /// <summary>Stride of training windows.</summary>
    public int TrainStride { get; init; } = 1;

    /// <summary>Stride of validation and report windows: neighbours one step apart say almost the same thing.</summary>
    public int EvalStride { get; init; } = 10;

    /// <summary>
    /// Rates at which every training series is also resampled (<see cref="AgeingRate"/>), each giving windows of its own;
    /// empty for the measured series alone. Validation and report series are never resampled.
    /// </summary>
    public IReadOnlyList<double> AgeingRates { get; init; } = [];

    /// <summary>Share of the training series held out (whole) for validation.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Without split tags: share of the series that train (the rest is validation and <c>test</c>).</summary>
    public double UntaggedTrainFraction { get; init; } = 0.6;

    /// <summary>Without split tags: share of the series for validation.</summary>
    public double UntaggedValidationFraction { get; init; } = 0.2;

    public int Seed { get; init; } = 42;
}

/// <summary>
/// The leak-free protocol: whole series are either fitted on or reported on, never both. Series tagged
/// <c>train</c> are fitted on, minus a seeded share held out whole as <c>validation</c>; every other split
/// tag (<c>test1</c>, <c>test2</c>, ...) is a report split of its own. When no series carries a split tag,
/// series are split at random (seeded) into <c>train</c>, <c>validation</c> and <c>test</c>. Series without
/// a tag in a tagged set are left out; a tag outside <see cref="SplitTags"/> is refused.
/// When the data comes with the paper's evaluation segments they are reported as <c>paper16</c>, and those
/// that lie in report series also as <c>paper16_test</c>.
/// </summary>
public static class CellsProtocol
{
    public const string Name = "cells";

    public const string TrainTag = SplitTags.Train;

    public static ProtocolSplits Split(SeriesSet series, CellsProtocolOptions? options = null)
    {
        var o = options ?? new CellsProtocolOptions();
        var random = new Random(o.Seed);
        var train = new List<int>();
        var validation = new List<int>();
        // Report split name -> its series, in order of first appearance.
        var reports = new List<(string Name, List<int> Series)>();

        if (series.Splits.Count == 0)
        {
            int[] order = SeededShuffle.Shuffled(Enumerable.Range(0, series.Count), random);
            int nTrain = (int)Math.Round(o.UntaggedTrainFraction * order.Length, MidpointRounding.AwayFromZero);
            int nValidation = (int)Math.Round(o.UntaggedValidationFraction * order.Length, MidpointRounding.AwayFromZero);
            nTrain = Math.Clamp(nTrain, 1, order.Length);
            nValidation = Math.Clamp(nValidation, 0, order.Length - nTrain);
            train.AddRange(order[..nTrain].Order());
            validation.AddRange(order[nTrain..(nTrain + nValidation)].Order());
            reports.Add(("test", order[(nTrain + nValidation)..].Order().ToList()));
        }
        else
        {
            var tagged = new List<int>();
            for (int i = 0; i < series.Count; i++)
            {
                string? tag = series[i].Split;
                if (tag is null) continue;
                if (!SplitTags.IsKnown(tag))
                    throw new DataFormatException(series.Source, null,
                        $"cell {series[i].Id} has split '{tag}', which is not a split name: give {SplitTags.Expected} in the metadata's split column");
                if (tag == TrainTag) { tagged.Add(i); continue; }
                int r = reports.FindIndex(x => x.Name == tag);
                if (r < 0) { reports.Add((tag, [])); r = reports.Count - 1; }
                reports[r].Series.Add(i);
            }
            if (tagged.Count == 0)
                throw new DataFormatException(series.Source, null,
                    $"no series has split '{TrainTag}' (splits present: {string.Join(", ", series.Splits)}); tag the series to fit on as '{TrainTag}'");
            int[] order = SeededShuffle.Shuffled(tagged, random);
            int nValidation = SeededShuffle.Share(order.Length, o.ValidationFraction);
            validation.AddRange(order[..nValidation].Order());
            train.AddRange(order[nValidation..].Order());
        }

        var trainSpec = new WindowSpec(o.InputLength, o.Horizon, o.TrainStride) { Bounds = o.Bounds };
        var evalSpec = trainSpec with { Stride = o.EvalStride };
        var trainSet = AgeingRateAugmentation.TrainingWindows(series, train, trainSpec, o.AgeingRates);
        if (trainSet.Count == 0)
            throw new DataFormatException(series.Source, null,
                $"the {train.Count} training series yield no window of {trainSpec.Length} steps with all values in {o.Bounds}");
        var reportSets = reports.Select(r => WindowSet.Cut(r.Name, series, r.Series, evalSpec)).ToList();

        if (PaperEvalSegments.TryLoad(series, o.InputLength, o.Horizon) is WindowSet paper)
        {
            reportSets.Add(paper);
            var reported = reports.SelectMany(r => r.Series).ToHashSet();
            reportSets.Add(paper.Where(paper.Name + "_test", reported.Contains));
        }

        return new ProtocolSplits(Name, trainSet, WindowSet.Cut("validation", series, validation, evalSpec), reportSets, MinMaxScaler.Fit(trainSet));
    }
}
