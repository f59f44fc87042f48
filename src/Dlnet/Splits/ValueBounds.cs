namespace Dlnet.Splits;

/// <summary>
/// The half-open range (<see cref="Lower"/>, <see cref="Upper"/>] that every value of a usable window
/// must lie in. NaN lies in no range, so a window touching a gap is rejected too.
/// </summary>
public readonly record struct ValueBounds
{
    public ValueBounds(double lower, double upper)
    {
        if (!(lower < upper)) throw new ArgumentOutOfRangeException(nameof(upper), $"bounds ({lower}, {upper}] are empty");
        Lower = lower;
        Upper = upper;
    }

    /// <summary>Exclusive lower bound.</summary>
    public double Lower { get; }

    /// <summary>Inclusive upper bound.</summary>
    public double Upper { get; }

    /// <summary>(0.5, 1.1]: values outside are measurement faults or a finished series, not ageing.</summary>
    public static ValueBounds Default { get; } = new(0.5, 1.1);

    public bool Contains(double value) => value > Lower && value <= Upper;

    public override string ToString() => $"({Lower}, {Upper}]";
}
