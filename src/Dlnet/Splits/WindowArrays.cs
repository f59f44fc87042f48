namespace Dlnet.Splits;

/// <summary>
/// Windows copied out of their series into two flat arrays in forecast units: <see cref="Histories"/>
/// (Count x InputLength, oldest first) and <see cref="Targets"/> (Count x Horizon). The form the trainer
/// and the encoding read, so that a shuffled minibatch is a gather of rows, not a walk over series.
/// </summary>
public sealed class WindowArrays
{
    public WindowArrays(double[] histories, double[] targets, int count, int inputLength, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        if (histories.Length != count * inputLength) throw new ArgumentException($"expected {count} x {inputLength} history values, got {histories.Length}", nameof(histories));
        if (targets.Length != count * horizon) throw new ArgumentException($"expected {count} x {horizon} target values, got {targets.Length}", nameof(targets));
        Histories = histories;
        Targets = targets;
        Count = count;
        InputLength = inputLength;
        Horizon = horizon;
    }

    /// <summary>Copies every window of <paramref name="windows"/>, in order.</summary>
    public static WindowArrays From(WindowSet windows)
    {
        var histories = new double[windows.Count * windows.InputLength];
        var targets = new double[windows.Count * windows.Horizon];
        windows.CopyInputs(0, windows.Count, histories);
        windows.CopyTargets(0, windows.Count, targets);
        return new WindowArrays(histories, targets, windows.Count, windows.InputLength, windows.Horizon);
    }

    public double[] Histories { get; }

    public double[] Targets { get; }

    public int Count { get; }

    public int InputLength { get; }

    public int Horizon { get; }

    public ReadOnlySpan<double> History(int window) => Histories.AsSpan(window * InputLength, InputLength);

    public ReadOnlySpan<double> Target(int window) => Targets.AsSpan(window * Horizon, Horizon);
}
