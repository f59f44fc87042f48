namespace Dlnet.Series;

/// <summary>The median by selection (Hoare's quickselect), linear in the count where sorting is not.</summary>
internal static class Median
{
    /// <summary>The middle value, or the mean of the middle two for an even count; reorders <paramref name="values"/>.</summary>
    public static double Of(Span<double> values)
    {
        int n = values.Length;
        if (n == 0) throw new ArgumentException("the median of no values", nameof(values));
        int upper = n / 2;
        double high = Select(values, upper);
        if (n % 2 == 1) return high;
        // Selection leaves every value below the upper middle to its left: the lower middle is their largest.
        double low = values[0];
        for (int i = 1; i < upper; i++) low = Math.Max(low, values[i]);
        return 0.5 * (low + high);
    }

    /// <summary>The value of rank <paramref name="k"/> (0-based), with smaller values before it and larger after.</summary>
    private static double Select(Span<double> v, int k)
    {
        int left = 0, right = v.Length - 1;
        while (right > left)
        {
            // Median of three as the pivot keeps sorted and reversed runs (fading SOH) linear.
            int mid = left + (right - left) / 2;
            if (v[mid] < v[left]) (v[mid], v[left]) = (v[left], v[mid]);
            if (v[right] < v[left]) (v[right], v[left]) = (v[left], v[right]);
            if (v[right] < v[mid]) (v[right], v[mid]) = (v[mid], v[right]);
            double pivot = v[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (v[i] < pivot) i++;
                while (v[j] > pivot) j--;
                if (i <= j)
                {
                    (v[i], v[j]) = (v[j], v[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return v[k];
        }
        return v[k];
    }
}
