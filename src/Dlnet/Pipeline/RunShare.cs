using System.Globalization;

namespace Dlnet.Pipeline;

/// <summary>
/// One process's part of a run spread over several (docs/distributed.md): shard K of N trains the K-th
/// share of every stage's candidates; shard 0 also trains the teacher and runs the finishing steps; a
/// finisher (<c>dlnet run --finish</c>) trains nothing and runs the finishing steps. The share is a pure
/// function of the stage's candidates and N, so every shard computes the same partition and no candidate
/// is trained twice.
/// </summary>
public sealed class RunShare
{
    /// <summary>Most shards a run may be split into.</summary>
    public const int MaxCount = 256;

    private RunShare(int index, int count, bool finishes)
    {
        Index = index;
        Count = count;
        Finishes = finishes;
    }

    /// <summary>Which share this process trains (0-based); -1 for a finisher, which trains none.</summary>
    public int Index { get; }

    /// <summary>Shards of the run; 0 for a finisher, which does not know or need it.</summary>
    public int Count { get; }

    /// <summary>Whether this process runs the selection after stage 2, the summary and the finishing steps.</summary>
    public bool Finishes { get; }

    /// <summary>Whether this process trains the teacher (the others wait for it).</summary>
    public bool TrainsTeacher => Index == 0;

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>; shard 0 finishes the run.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 &lt;= index &lt; count &lt;= <see cref="MaxCount"/>.</exception>
    public static RunShare Shard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        return new RunShare(index, count, finishes: index == 0);
    }

    /// <summary>The process that trains nothing and finishes the run once every candidate is in.</summary>
    public static RunShare Finisher { get; } = new(-1, 0, finishes: true);

    /// <summary>Reads <c>K/N</c>; null with <paramref name="error"/> set when it is not a shard of at most <see cref="MaxCount"/>.</summary>
    public static RunShare? Parse(string text, out string? error)
    {
        error = null;
        string[] parts = text.Split('/');
        int k = 0, n = 0;
        if (parts.Length != 2 || !Whole(parts[0], out k) || !Whole(parts[1], out n))
            error = $"'{text}' is not K/N (shard K of N, as 0/4)";
        else if (n < 1 || n > MaxCount) error = $"{text}: N must be between 1 and {MaxCount}";
        else if (k >= n) error = $"{text}: K must be between 0 and N - 1 = {n - 1}";
        return error is null ? Shard(k, n) : null;

        static bool Whole(string s, out int value) =>
            int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Whether the candidate at <paramref name="position"/> of a stage's candidates, in the order the stage makes
    /// them (largest first, <see cref="StageMaker.Order"/>), is this shard's: dealt round the shards like cards, so
    /// each shard gets a like share of the large and the small ones.
    /// </summary>
    public bool Owns(int position) => Count > 0 && position % Count == Index;

    /// <summary>The jobs of a stage this process makes, in the stage's order.</summary>
    internal IReadOnlyList<CandidateJob> Of(IReadOnlyList<CandidateJob> jobs)
    {
        var order = StageMaker.Order(jobs, Enumerable.Range(0, jobs.Count));
        return [.. order.Where((_, position) => Owns(position)).Order().Select(i => jobs[i])];
    }

    /// <summary><c>shard K/N</c>, or <c>finisher</c>.</summary>
    public override string ToString() => Count > 0 ? $"shard {Index}/{Count}" : "finisher";
}
