namespace Dlnet.Splits;

/// <summary>
/// Windows in forecast units as rows: <see cref="History"/> (InputLength values, oldest first) and <see cref="Target"/>
/// (Horizon values) of each, and batches of them copied back to back. Made from a <see cref="WindowSet"/> it is a
/// view: each row is a slice of its series, so a fleet's windows cost no memory beyond the series however many
/// there are (they overlap: a window every step or two of series hundreds of steps long). Made from two flat arrays
/// (Count x InputLength, Count x Horizon) it reads those, for windows that belong to no series.
/// </summary>
public sealed class WindowArrays
{
    private readonly double[]? _histories;
    private readonly double[]? _targets;
    private readonly double[][]? _values;
    private readonly Window[]? _windows;

    public WindowArrays(double[] histories, double[] targets, int count, int inputLength, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        if (histories.Length != count * inputLength) throw new ArgumentException($"expected {count} x {inputLength} history values, got {histories.Length}", nameof(histories));
        if (targets.Length != count * horizon) throw new ArgumentException($"expected {count} x {horizon} target values, got {targets.Length}", nameof(targets));
        _histories = histories;
        _targets = targets;
        Count = count;
        InputLength = inputLength;
        Horizon = horizon;
    }

    private WindowArrays(WindowSet windows)
    {
        _values = [.. windows.Series.Select(s => s.Values)];
        _windows = windows.Windows.ToArray();
        Count = windows.Count;
        InputLength = windows.InputLength;
        Horizon = windows.Horizon;
    }

    /// <summary>Every window of <paramref name="windows"/>, in order, read from the series in place.</summary>
    public static WindowArrays From(WindowSet windows) => new(windows);

    public int Count { get; }

    public int InputLength { get; }

    public int Horizon { get; }

    public ReadOnlySpan<double> History(int window)
    {
        if (_windows is null) return _histories.AsSpan(window * InputLength, InputLength);
        var w = _windows[window];
        return _values![w.Series].AsSpan(w.Start, InputLength);
    }

    public ReadOnlySpan<double> Target(int window)
    {
        if (_windows is null) return _targets.AsSpan(window * Horizon, Horizon);
        var w = _windows[window];
        return _values![w.Series].AsSpan(w.Start + InputLength, Horizon);
    }

    /// <summary>The histories of windows first .. first+count-1 back to back (count x InputLength), for a batch.</summary>
    public void CopyHistories(int first, int count, Span<double> destination)
    {
        Check(first, count, InputLength, destination.Length);
        for (int i = 0; i < count; i++) History(first + i).CopyTo(destination.Slice(i * InputLength, InputLength));
    }

    /// <summary>The targets of windows first .. first+count-1 back to back (count x Horizon), for a batch.</summary>
    public void CopyTargets(int first, int count, Span<double> destination)
    {
        Check(first, count, Horizon, destination.Length);
        for (int i = 0; i < count; i++) Target(first + i).CopyTo(destination.Slice(i * Horizon, Horizon));
    }

    /// <summary>Every history in one new array (Count x InputLength): for small sets and tests, not for a fleet.</summary>
    public double[] AllHistories()
    {
        var all = new double[Count * InputLength];
        CopyHistories(0, Count, all);
        return all;
    }

    /// <summary>Every target in one new array (Count x Horizon): for small sets and tests, not for a fleet.</summary>
    public double[] AllTargets()
    {
        var all = new double[Count * Horizon];
        CopyTargets(0, Count, all);
        return all;
    }

    private void Check(int first, int count, int length, int destinationLength)
    {
        if (first < 0 || count < 0 || first + count > Count)
            throw new ArgumentOutOfRangeException(nameof(first), $"windows {first}..{first + count - 1} are outside the {Count} windows");
        if (destinationLength < count * length)
            throw new ArgumentException($"destination holds {destinationLength} values; {count} windows need {count * length}", "destination");
    }
}
