using System.Globalization;
using Dlnet.Architectures;

namespace Dlnet.Pipeline;

/// <summary>
/// One block of the stage-1 grid: an architecture and lists of sizes; every combination is a student.
/// For the Euler student (<c>student</c>) the rank, encoder width and decoder widths vary too; a rank
/// above the hidden size is the hidden size (the student clamps it), so such duplicates are made once.
/// The recurrent students (<c>ltc</c>, <c>cfc</c>, <c>gru</c>, <c>lstm</c>) vary in hidden size (and layers).
/// </summary>
public sealed record StudentGridEntry
{
    public string Architecture { get; init; } = "student";

    public IReadOnlyList<int> Hidden { get; init; } = [8];

    /// <summary>Ranks of the student's low-rank coupling; null for the architecture default.</summary>
    public IReadOnlyList<int>? Rank { get; init; }

    /// <summary>Widths of the student's first encoder layer; null for the default (256).</summary>
    public IReadOnlyList<int>? EncoderWidth { get; init; }

    /// <summary>Hidden decoder widths of the student, one array per variant; null for the default (256, 128).</summary>
    public IReadOnlyList<int[]>? DecoderWidths { get; init; }

    /// <summary>Stacked layers of the recurrent students.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    public double? Dropout { get; init; }

    /// <summary>Euler step size of the student.</summary>
    public double? StepSize { get; init; }

    /// <summary>Euler steps of the student.</summary>
    public int? Steps { get; init; }

    /// <summary>Trainings of each student from its own initial weights, the lowest validation MAE kept (<see cref="Pipeline.Restarts"/>).</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Every combination, in a fixed order (hidden sizes outermost, as listed).</summary>
    public IEnumerable<NetworkOptions> Expand()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (int hidden in Hidden)
        foreach (int? rank in OrNull(Rank))
        foreach (int? encoder in OrNull(EncoderWidth))
        foreach (int[]? decoder in DecoderWidths is null ? [null] : DecoderWidths.Select(d => (int[]?)d))
        foreach (int? layers in OrNull(Layers))
        {
            var options = new NetworkOptions
            {
                Hidden = hidden,
                Rank = rank is int r ? Math.Min(r, hidden) : null,
                EncoderWidth = encoder,
                DecoderWidths = decoder,
                Layers = layers,
                Dropout = Dropout,
                StepSize = StepSize,
                Steps = Steps,
            };
            if (seen.Add(CandidateNames.Stage1(Architecture, options))) yield return options;
        }
    }

    private static IEnumerable<int?> OrNull(IReadOnlyList<int>? values) => values is null ? [null] : values.Select(v => (int?)v);
}

/// <summary>
/// Names of candidates, which are also their folder names: <c>s1-student-h8-r4-e32-d32x16</c> for a
/// stage-1 student (sizes left at their defaults are left out), <c>cp-...-p30</c> for it pruned by 30%,
/// <c>s2-...-p30</c> for that distilled again.
/// </summary>
public static class CandidateNames
{
    public static string Stage1(string architecture, NetworkOptions o) => "s1-" + Body(architecture, o);

    public static string Compressed(string stage1Name, double ratio) => "cp-" + Core(stage1Name) + "-p" + Percent(ratio);

    /// <summary>What each part of a name means, for readers of tables (N stands for a number).</summary>
    public static IReadOnlyList<(string Token, string Meaning)> Key { get; } =
    [
        ("s1-", "stage 1: distilled from the teacher"),
        ("cp-", "compressed: a stage-1 survivor pruned, before retraining"),
        ("s2-", "stage 2: the compressed model distilled again, with fake int8"),
        ("student", "architecture (Euler liquid student; ltc, cfc, lstm, gru, mlp likewise)"),
        ("hN", "hidden (liquid state) units"),
        ("rN", "rank of the low-rank recurrent coupling"),
        ("lN", "stacked layers"),
        ("eN", "width of the first encoder layer"),
        ("dAxB", "widths of the decoder's hidden layers"),
        ("pN", "share of neurons pruned, in percent"),
    ];

    public static string Stage2(string stage1Name, double ratio) => "s2-" + Core(stage1Name) + "-p" + Percent(ratio);

    private static string Core(string stage1Name) =>
        stage1Name.StartsWith("s1-", StringComparison.Ordinal) ? stage1Name[3..] : throw new ArgumentException($"'{stage1Name}' is not a stage-1 name");

    private static string Body(string architecture, NetworkOptions o)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string> { architecture };
        if (o.Hidden is int h) parts.Add("h" + h.ToString(c));
        if (o.Rank is int r) parts.Add("r" + r.ToString(c));
        if (o.Layers is int l) parts.Add("l" + l.ToString(c));
        if (o.EncoderWidth is int e) parts.Add("e" + e.ToString(c));
        if (o.DecoderWidths is { } d) parts.Add("d" + string.Join('x', d.Select(w => w.ToString(c))));
        return string.Join('-', parts);
    }

    /// <summary>Whole percent, or tenths where needed (0.25 -> 25, 0.125 -> 12.5).</summary>
    private static string Percent(double ratio) =>
        Math.Round(ratio * 100, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
