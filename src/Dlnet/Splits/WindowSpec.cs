namespace Dlnet.Splits;

/// <summary>
/// How windows are cut from a series: <see cref="InputLength"/> values in, the next
/// <see cref="Horizon"/> values out, a new window every <see cref="Stride"/> steps from step 0, and
/// only windows whose every value (input and target) lies within <see cref="Bounds"/>.
/// </summary>
public sealed record WindowSpec
{
    public WindowSpec(int inputLength = 100, int horizon = 100, int stride = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        InputLength = inputLength;
        Horizon = horizon;
        Stride = stride;
    }

    /// <summary>W: values a forecast reads.</summary>
    public int InputLength { get; }

    /// <summary>H: values a forecast writes.</summary>
    public int Horizon { get; }

    /// <summary>Steps between the starts of consecutive windows of one series.</summary>
    public int Stride { get; init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(Stride), value, "stride must be positive"); }

    /// <summary>The range every value of a window must lie in; null keeps every window.</summary>
    public ValueBounds? Bounds { get; init; } = ValueBounds.Default;

    /// <summary>W + H: steps one window covers.</summary>
    public int Length => InputLength + Horizon;

    /// <summary>True when every value lies within <see cref="Bounds"/> (always true without bounds).</summary>
    public bool Accepts(ReadOnlySpan<double> values)
    {
        if (Bounds is not ValueBounds b) return true;
        foreach (double v in values)
            if (!b.Contains(v)) return false;
        return true;
    }

    /// <summary>
    /// Appends to <paramref name="destination"/> every accepted window of <paramref name="values"/>
    /// (starts 0, Stride, 2 Stride, ... while the window fits), tagged with <paramref name="series"/>.
    /// </summary>
    public void Cut(ReadOnlySpan<double> values, int series, List<Window> destination)
    {
        int last = values.Length - Length;
        if (last < 0) return;
        if (Bounds is not ValueBounds b)
        {
            for (int start = 0; start <= last; start += Stride) destination.Add(new Window(series, start));
            return;
        }
        // Position of the next out-of-bounds value at or after each step, found from the right once,
        // so that each window is checked in O(1) instead of O(W + H).
        int n = values.Length;
        int[] nextBad = System.Buffers.ArrayPool<int>.Shared.Rent(n + 1);
        try
        {
            nextBad[n] = n;
            for (int i = n - 1; i >= 0; i--) nextBad[i] = b.Contains(values[i]) ? nextBad[i + 1] : i;
            for (int start = 0; start <= last; start += Stride)
                if (nextBad[start] >= start + Length) destination.Add(new Window(series, start));
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(nextBad);
        }
    }
}
