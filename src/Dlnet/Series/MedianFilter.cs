using System.Numerics;

namespace Dlnet.Series;

/// <summary>
/// A running median over a window of values, the classic despiking filter: y[i] is the median of the
/// <c>width</c> values around x[i]. At the ends the window is kept whole by sliding it inward
/// (y[i] = median of x[s .. s + width - 1] with s = clamp(i - width/2, 0, n - width)), so that a spike in
/// the last value is removed as well as one in the middle: the last value is what every forecast starts from.
/// <para>
/// The median picks one of its inputs, so for any non-decreasing map f, median(f(x)) = f(median(x)): the filter
/// of integer SOH codes equals the codes of the filtered SOH values, and the float and integer models see the
/// same window. One implementation serves both.
/// </para>
/// </summary>
public static class MedianFilter
{
    /// <summary>Widest window: the sort below is quadratic in the width, and a few cycles cover a spike.</summary>
    public const int MaxWidth = 15;

    /// <summary>Whether <paramref name="width"/> is a filter for windows of <paramref name="length"/> values: 0 (none) or odd, 3 to <see cref="MaxWidth"/>, at most the length.</summary>
    public static bool IsValidWidth(int width, int length) => width == 0 || (width % 2 == 1 && width >= 3 && width <= MaxWidth && width <= length);

    /// <summary>Filters <paramref name="input"/> into <paramref name="output"/> (same length, not overlapping); width 0 copies.</summary>
    /// <exception cref="ArgumentException">A width <see cref="IsValidWidth"/> refuses, lengths that differ, or overlapping spans.</exception>
    public static void Apply<T>(ReadOnlySpan<T> input, Span<T> output, int width) where T : unmanaged, INumber<T>
    {
        int n = input.Length;
        if (output.Length != n) throw new ArgumentException($"expected {n} output values, got {output.Length}", nameof(output));
        if (!IsValidWidth(width, n)) throw new ArgumentOutOfRangeException(nameof(width), width, $"a median filter is 0 (none) or an odd width from 3 to {Math.Min(MaxWidth, n)}");
        if (input.Overlaps(output)) throw new ArgumentException("the output must not overlap the input", nameof(output));
        if (width == 0)
        {
            input.CopyTo(output);
            return;
        }
        Span<T> sorted = stackalloc T[width];
        for (int i = 0; i < n; i++)
        {
            int start = Math.Clamp(i - width / 2, 0, n - width);
            input.Slice(start, width).CopyTo(sorted);
            InsertionSort(sorted);
            output[i] = sorted[width / 2];
        }
    }

    /// <summary>In place: a few values, no call, no recursion.</summary>
    static void InsertionSort<T>(Span<T> v) where T : unmanaged, INumber<T>
    {
        for (int i = 1; i < v.Length; i++)
        {
            T x = v[i];
            int j = i - 1;
            while (j >= 0 && v[j] > x)
            {
                v[j + 1] = v[j];
                j--;
            }
            v[j + 1] = x;
        }
    }
}
