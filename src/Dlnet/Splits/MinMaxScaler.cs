namespace Dlnet.Splits;

/// <summary>
/// Maps values linearly so that [<see cref="Min"/>, <see cref="Max"/>] becomes [0, 1]. Fitted on the
/// training windows only, so that nothing about validation or report data leaks into a model; stored
/// with the model so that deployment scales exactly as training did.
/// </summary>
public sealed record MinMaxScaler(double Min, double Max)
{
    /// <summary>Max - Min, or 1 when all training values are equal (then scaling only shifts).</summary>
    public double Range => Max > Min ? Max - Min : 1.0;

    /// <summary>The smallest and largest value covered by any window (input or target) of <paramref name="windows"/>.</summary>
    public static MinMaxScaler Fit(WindowSet windows)
    {
        if (windows.Count == 0) throw new ArgumentException($"cannot fit a scaler on '{windows.Name}': it has no windows", nameof(windows));
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        int length = windows.InputLength + windows.Horizon;
        foreach (var w in windows.Windows)
        {
            foreach (double v in windows.Series[w.Series].Values.AsSpan(w.Start, length))
            {
                if (v < min) min = v;
                if (v > max) max = v;
            }
        }
        return new MinMaxScaler(min, max);
    }

    public double Transform(double value) => (value - Min) / Range;

    public double Inverse(double scaled) => scaled * Range + Min;

    /// <summary>destination[i] = (source[i] - Min) / Range; the spans may be the same.</summary>
    public void Transform(ReadOnlySpan<double> source, Span<double> destination)
    {
        CheckLengths(source.Length, destination.Length);
        double min = Min, scale = 1.0 / Range;
        for (int i = 0; i < source.Length; i++) destination[i] = (source[i] - min) * scale;
    }

    /// <summary>destination[i] = source[i] * Range + Min; the spans may be the same.</summary>
    public void Inverse(ReadOnlySpan<double> source, Span<double> destination)
    {
        CheckLengths(source.Length, destination.Length);
        double min = Min, range = Range;
        for (int i = 0; i < source.Length; i++) destination[i] = source[i] * range + min;
    }

    /// <summary>Single-precision <see cref="Transform(ReadOnlySpan{double}, Span{double})"/>.</summary>
    public void Transform(ReadOnlySpan<float> source, Span<float> destination)
    {
        CheckLengths(source.Length, destination.Length);
        float min = (float)Min, scale = (float)(1.0 / Range);
        for (int i = 0; i < source.Length; i++) destination[i] = (source[i] - min) * scale;
    }

    /// <summary>Single-precision <see cref="Inverse(ReadOnlySpan{double}, Span{double})"/>.</summary>
    public void Inverse(ReadOnlySpan<float> source, Span<float> destination)
    {
        CheckLengths(source.Length, destination.Length);
        float min = (float)Min, range = (float)Range;
        for (int i = 0; i < source.Length; i++) destination[i] = source[i] * range + min;
    }

    private static void CheckLengths(int source, int destination)
    {
        if (destination < source) throw new ArgumentException($"destination holds {destination} values; source has {source}", nameof(destination));
    }
}
