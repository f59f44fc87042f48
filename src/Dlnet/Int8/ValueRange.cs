namespace Dlnet.Int8;

/// <summary>The smallest and largest value seen of one tensor during calibration (empty until the first value).</summary>
internal struct ValueRange
{
    public ValueRange() { }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public readonly double AbsMax => Min > Max ? 0 : Math.Max(Math.Abs(Min), Math.Abs(Max));

    public void Add(double v)
    {
        if (!double.IsFinite(v)) throw new InvalidOperationException("a non-finite activation met during calibration: the model's weights are not usable");
        if (v < Min) Min = v;
        if (v > Max) Max = v;
    }

    public void Add(ReadOnlySpan<float> values)
    {
        foreach (float v in values) Add(v);
    }

    public readonly override string ToString() => $"[{Min:G4}, {Max:G4}]";
}
