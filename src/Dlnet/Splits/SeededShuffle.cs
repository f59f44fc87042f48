namespace Dlnet.Splits;

/// <summary>Fisher-Yates shuffles driven by a seeded <see cref="Random"/>, so that a seed fixes every split.</summary>
internal static class SeededShuffle
{
    public static T[] Shuffled<T>(IEnumerable<T> items, Random random)
    {
        T[] a = items.ToArray();
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a;
    }

    /// <summary>
    /// How many of <paramref name="count"/> items a <paramref name="fraction"/> takes: round(fraction x count),
    /// but at least one and never all, so that both sides keep something; none of a single item.
    /// </summary>
    public static int Share(int count, double fraction)
    {
        if (fraction <= 0 || count < 2) return 0;
        int n = (int)Math.Round(fraction * count, MidpointRounding.AwayFromZero);
        return Math.Clamp(n, 1, count - 1);
    }
}
