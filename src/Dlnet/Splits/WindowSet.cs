using Dlnet.Series;

namespace Dlnet.Splits;

/// <summary>
/// A named list of windows over one <see cref="SeriesSet"/>, all with the same input length and
/// horizon: a training set, a validation set or a report split. Windows are indices into the series,
/// not copies; <see cref="CopyInputs(int, int, Span{double})"/> and
/// <see cref="CopyTargets(int, int, Span{double})"/> fill caller-owned buffers batch by batch.
/// </summary>
public sealed class WindowSet
{
    private readonly Window[] _windows;

    /// <summary>Checks every window against the series it points into.</summary>
    public WindowSet(string name, SeriesSet series, int inputLength, int horizon, IEnumerable<Window> windows)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        Name = name;
        Series = series;
        InputLength = inputLength;
        Horizon = horizon;
        _windows = windows.ToArray();
        foreach (var w in _windows)
        {
            if ((uint)w.Series >= (uint)series.Count)
                throw new ArgumentOutOfRangeException(nameof(windows), $"window {w} of '{name}' names series {w.Series}; the set has {series.Count}");
            if (w.Start < 0 || w.Start + inputLength + horizon > series[w.Series].Length)
                throw new ArgumentOutOfRangeException(nameof(windows),
                    $"window {w} of '{name}' needs steps {w.Start}..{w.Start + inputLength + horizon - 1}; series '{series[w.Series].Id}' has {series[w.Series].Length}");
        }
    }

    /// <summary>Cuts windows from the given series by <paramref name="spec"/>, in the order the series are given.</summary>
    public static WindowSet Cut(string name, SeriesSet series, IEnumerable<int> seriesIndices, WindowSpec spec)
    {
        var windows = new List<Window>();
        foreach (int s in seriesIndices) spec.Cut(series[s].Values, s, windows);
        return new WindowSet(name, series, spec.InputLength, spec.Horizon, windows);
    }

    /// <summary>Split name: <c>train</c>, <c>validation</c>, <c>test1</c>, <c>paper16</c>, ...</summary>
    public string Name { get; }

    public SeriesSet Series { get; }

    /// <summary>W: input values per window.</summary>
    public int InputLength { get; }

    /// <summary>H: target values per window.</summary>
    public int Horizon { get; }

    public int Count => _windows.Length;

    public Window this[int index] => _windows[index];

    public ReadOnlySpan<Window> Windows => _windows;

    /// <summary>Indices of the series that have at least one window, ascending.</summary>
    public IReadOnlyList<int> SeriesIndices => _windows.Select(w => w.Series).Distinct().Order().ToArray();

    /// <summary>The same windows under another name.</summary>
    public WindowSet Rename(string name) => new(name, Series, InputLength, Horizon, _windows);

    /// <summary>The windows whose series satisfies <paramref name="keep"/>, in the same order.</summary>
    public WindowSet Where(string name, Func<int, bool> keep) =>
        new(name, Series, InputLength, Horizon, _windows.Where(w => keep(w.Series)));

    /// <summary>Copies the inputs of windows first .. first+count-1 back to back (count x W, oldest first).</summary>
    public void CopyInputs(int first, int count, Span<double> destination) => Copy(first, count, 0, InputLength, destination);

    /// <summary>Copies the targets of windows first .. first+count-1 back to back (count x H).</summary>
    public void CopyTargets(int first, int count, Span<double> destination) => Copy(first, count, InputLength, Horizon, destination);

    /// <summary>Single-precision <see cref="CopyInputs(int, int, Span{double})"/>, for models that compute in float.</summary>
    public void CopyInputs(int first, int count, Span<float> destination) => Copy(first, count, 0, InputLength, destination);

    /// <summary>Single-precision <see cref="CopyTargets(int, int, Span{double})"/>.</summary>
    public void CopyTargets(int first, int count, Span<float> destination) => Copy(first, count, InputLength, Horizon, destination);

    private void Copy(int first, int count, int offset, int length, Span<double> destination)
    {
        CheckRange(first, count, length, destination.Length);
        for (int i = 0; i < count; i++)
        {
            var w = _windows[first + i];
            Series[w.Series].Values.AsSpan(w.Start + offset, length).CopyTo(destination.Slice(i * length, length));
        }
    }

    private void Copy(int first, int count, int offset, int length, Span<float> destination)
    {
        CheckRange(first, count, length, destination.Length);
        for (int i = 0; i < count; i++)
        {
            var w = _windows[first + i];
            ReadOnlySpan<double> source = Series[w.Series].Values.AsSpan(w.Start + offset, length);
            Span<float> target = destination.Slice(i * length, length);
            for (int j = 0; j < length; j++) target[j] = (float)source[j];
        }
    }

    private void CheckRange(int first, int count, int length, int destinationLength)
    {
        if (first < 0 || count < 0 || first + count > _windows.Length)
            throw new ArgumentOutOfRangeException(nameof(first), $"windows {first}..{first + count - 1} are outside '{Name}' ({_windows.Length} windows)");
        if (destinationLength < count * length)
            throw new ArgumentException($"destination holds {destinationLength} values; {count} windows need {count * length}", "destination");
    }

    public override string ToString() => $"{Name}: {Count} windows of {InputLength}+{Horizon}";
}
