namespace Dlnet.Selection;

/// <summary>
/// Non-dominated sorting of candidates whose objectives are all to be minimised (error, bytes,
/// latency...). A dominates B when A is no worse in every objective and better in at least one.
/// </summary>
public static class ParetoFront
{
    public static bool Dominates(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("objective vectors differ in length");
        bool strictlyBetter = false;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] > b[i]) return false;
            if (a[i] < b[i]) strictlyBetter = true;
        }
        return strictlyBetter;
    }

    /// <summary>
    /// Indices of the non-dominated rows of <paramref name="objectives"/>, in input order. Candidates with
    /// identical objective vectors do not dominate each other, so all of them stay on the front.
    /// A NaN objective makes a candidate unusable: it is never on the front.
    /// </summary>
    public static int[] Indices(IReadOnlyList<double[]> objectives)
    {
        var front = new List<int>();
        for (int i = 0; i < objectives.Count; i++)
        {
            if (objectives[i].Any(double.IsNaN)) continue;
            bool dominated = false;
            for (int j = 0; j < objectives.Count && !dominated; j++)
                dominated = j != i && !objectives[j].Any(double.IsNaN) && Dominates(objectives[j], objectives[i]);
            if (!dominated) front.Add(i);
        }
        return [.. front];
    }

    /// <summary>The non-dominated items, in input order.</summary>
    public static IReadOnlyList<T> Of<T>(IReadOnlyList<T> items, Func<T, double[]> objectives) =>
        Indices(items.Select(objectives).ToArray()).Select(i => items[i]).ToArray();
}
