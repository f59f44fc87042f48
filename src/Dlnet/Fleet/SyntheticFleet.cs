using System.Globalization;
using static Dlnet.Fleet.SyntheticFleetSampling;
using Dlnet.Series;

namespace Dlnet.Fleet;

/// <summary>
/// The built-in data: a fleet of cells that age like the MIT-Stanford fast-charging cells, made from a seed
/// so that a fresh machine has data to run on and a rerun gets the same bytes. Each cell follows a
/// <see cref="KneeFadeCurve"/> with its own initial SOH, cycle life, linear share of fade and knee sharpness;
/// the distributions and their reasons are in <c>docs/synthetic-fleet.md</c>. What a battery management system
/// would read of that curve (noise, spikes, steps, recoveries, missing cycles) is added by
/// <see cref="MeasurementArtefacts"/>, sized as measured on the MIT-Stanford cells unless turned off.
/// </summary>
public static class SyntheticFleet
{
    /// <summary>Tag holding the cycle life of the noise-free curve: the first cycle with SOH below end of life.</summary>
    public const string CycleLifeTag = "cycle_life";

    // Fresh-cell SOH: the MIT-Stanford series start between 1.000 and 1.0065.
    internal const double MinInitialSoh = 1.000, MaxInitialSoh = 1.007;

    // Share of the fade to end of life that is linear, and cycle life in units of the knee's e-folding time.
    // Together they set the shape: the default fleet has lost a median 11% of its fade at half life, 37% at
    // 80% of life and 59% at 90% (MIT-Stanford: 9%, 33%, 59%); docs/synthetic-fleet.md has the spreads.
    internal const double MinLinearShare = 0.02, MaxLinearShare = 0.25;
    internal const double MeanKneeSharpness = 6.0, KneeSharpnessStdDev = 1.0, MinKneeSharpness = 4.0, MaxKneeSharpness = 8.0;

    /// <summary>
    /// Makes the fleet. Cells are named <c>Syn001</c>, <c>Syn002</c>, ... and tagged with
    /// <see cref="CycleLifeTag"/> and <see cref="TagNames.Split"/> (<c>train</c>, <c>test1</c>, <c>test2</c>).
    /// Each series starts at cycle 1 and runs until the first cycle at or below the cell's drawn final SOH, less the
    /// cycles the artefacts leave out.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="SyntheticFleetOptions.Validate"/>).</exception>
    public static SeriesSet Generate(SyntheticFleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var random = new Random(options.Seed);
        // Noise draws come from their own stream, so that adding noise leaves every cell's ageing unchanged.
        var noiseRandom = new Random(random.Next());

        double[] cycleLives = StratifiedTruncatedLogNormal(random, options.CellCount,
            options.MedianCycleLife, options.CycleLifeLogStdDev, options.MinCycleLife, options.MaxCycleLife);
        var cells = new (KneeFadeCurve Curve, int CycleLife, double FinalSoh)[options.CellCount];
        for (int i = 0; i < cells.Length; i++) cells[i] = DrawCell(random, options, (int)Math.Round(cycleLives[i]));
        string[] splits = AssignSplits(random, options);
        // Drawn last and from their own stream, so that the artefacts leave every cell's ageing and split unchanged.
        var artefactRandom = new Random(random.Next());

        int digits = Math.Max(3, options.CellCount.ToString(CultureInfo.InvariantCulture).Length);
        var series = new TimeSeries[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            var (curve, cycleLife, finalSoh) = cells[i];
            double[] soh = Trace(curve, cycleLife, finalSoh);
            if (options.NoiseStdDev > 0)
                for (int c = 0; c < soh.Length; c++) soh[c] += options.NoiseStdDev * Gaussian(noiseRandom);
            if (!options.Artefacts.IsNone) soh = MeasurementArtefacts.Apply(soh, options.Artefacts, artefactRandom);
            var tags = new Dictionary<string, string>
            {
                [CycleLifeTag] = cycleLife.ToString(CultureInfo.InvariantCulture),
                [TagNames.Split] = splits[i],
            };
            series[i] = new TimeSeries("Syn" + (i + 1).ToString("D" + digits, CultureInfo.InvariantCulture), soh, tags);
        }
        string artefacts = options.Artefacts.IsNone ? "no measurement artefacts"
            : options.Artefacts == MeasurementArtefactOptions.Measured ? "measured artefacts" : "custom artefacts";
        string source = string.Create(CultureInfo.InvariantCulture,
            $"{SourcePrefix} ({options.CellCount} cells, seed {options.Seed}, noise {options.NoiseStdDev:R}, {artefacts})");
        return new SeriesSet(source, series);
    }

    /// <summary>How the source of a generated fleet starts, as model files record it.</summary>
    public const string SourcePrefix = "synthetic fleet";

    /// <summary>True when <paramref name="source"/> (a model's training data, say) names a generated fleet.</summary>
    public static bool IsSource(string source) => source.StartsWith(SourcePrefix + " (", StringComparison.Ordinal);

    /// <summary>How many cells go to train, test1 and test2: largest remainder, so the counts add up exactly.</summary>
    public static (int Train, int Test1, int Test2) SplitCounts(SyntheticFleetOptions options)
    {
        int n = options.CellCount;
        double[] shares = [options.TrainFraction, options.Test1Fraction, Math.Max(0, 1.0 - options.TrainFraction - options.Test1Fraction)];
        int[] counts = new int[3];
        for (int s = 0; s < 3; s++) counts[s] = (int)Math.Floor(shares[s] * n);
        // Hand the cells left over to the largest fractional parts; ties go to the earlier split.
        int[] byRemainder = [0, 1, 2];
        Array.Sort(byRemainder, (x, y) =>
        {
            int c = (shares[y] * n - counts[y]).CompareTo(shares[x] * n - counts[x]);
            return c != 0 ? c : x.CompareTo(y);
        });
        for (int left = n - counts.Sum(), k = 0; left > 0; left--, k++) counts[byRemainder[k % 3]]++;
        return (counts[0], counts[1], counts[2]);
    }

    private static (KneeFadeCurve Curve, int CycleLife, double FinalSoh) DrawCell(Random random, SyntheticFleetOptions o, int cycleLife)
    {
        double q0 = Uniform(random, MinInitialSoh, MaxInitialSoh);
        double linearShare = Uniform(random, MinLinearShare, MaxLinearShare);
        double sharpness;
        do sharpness = MeanKneeSharpness + KneeSharpnessStdDev * Gaussian(random);
        while (sharpness < MinKneeSharpness || sharpness > MaxKneeSharpness);
        double finalSoh = Uniform(random, o.MinFinalSoh, o.MaxFinalSoh);

        // The curve crosses end of life half a cycle before the drawn cycle life, so that cycle is the
        // first below it whatever the rounding of the last digit.
        var curve = KneeFadeCurve.ThroughEndOfLife(q0, o.EndOfLifeSoh, cycleLife - 0.5, linearShare, sharpness);
        return (curve, cycleLife, finalSoh);
    }

    // SOH at cycles 1, 2, ... up to and including the first cycle at or below finalSoh.
    private static double[] Trace(KneeFadeCurve curve, int cycleLife, double finalSoh)
    {
        int last = cycleLife;
        while (curve.SohAt(last) > finalSoh) last++;
        var soh = new double[last];
        for (int c = 1; c <= last; c++) soh[c - 1] = curve.SohAt(c);
        return soh;
    }

    private static string[] AssignSplits(Random random, SyntheticFleetOptions options)
    {
        var (train, test1, test2) = SplitCounts(options);
        string[] splits = [.. Enumerable.Repeat("train", train), .. Enumerable.Repeat("test1", test1), .. Enumerable.Repeat("test2", test2)];
        // Shuffled, so that a cell's split says nothing about its place in the fleet or its cycle life.
        Shuffle(random, splits);
        return splits;
    }
}
