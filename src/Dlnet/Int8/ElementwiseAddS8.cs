namespace Dlnet.Int8;

/// <summary>
/// Constants of an int8 element-wise add of two tensors with their own scales (TensorFlow Lite's
/// scheme): both inputs are moved to a common scale 2 * max(s1, s2) / 2^LeftShift with 20 bits of
/// headroom, summed in int32, then requantised to the output scale.
/// </summary>
public readonly record struct AddS8Params(
    int Input1Offset, int Input1Multiplier, int Input1Shift,
    int Input2Offset, int Input2Multiplier, int Input2Shift,
    int LeftShift, int OutputOffset, int OutputMultiplier, int OutputShift,
    int ActivationMin, int ActivationMax)
{
    /// <summary>The headroom shift: |x + offset| &lt;= 255 &lt; 2^8, so 2^8 * 2^20 leaves room for the sum in int32.</summary>
    public const int DefaultLeftShift = 20;

    /// <summary>Derives the constants from the three tensors' parameters; the clamp defaults to [-128, 127].</summary>
    public static AddS8Params Create(QuantizationParams input1, QuantizationParams input2, QuantizationParams output,
        int activationMin = sbyte.MinValue, int activationMax = sbyte.MaxValue)
    {
        double twiceMaxInputScale = 2 * Math.Max(input1.Scale, input2.Scale);
        var (m1, s1) = FixedPoint.QuantizeMultiplier(input1.Scale / twiceMaxInputScale);
        var (m2, s2) = FixedPoint.QuantizeMultiplier(input2.Scale / twiceMaxInputScale);
        var (mo, so) = FixedPoint.QuantizeMultiplier(twiceMaxInputScale / ((1 << DefaultLeftShift) * output.Scale));
        return new AddS8Params(-input1.ZeroPoint, m1, s1, -input2.ZeroPoint, m2, s2, DefaultLeftShift,
            output.ZeroPoint, mo, so, activationMin, activationMax);
    }
}

/// <summary>
/// Element-wise sum of two int8 tensors of equal length with different scales (C: <c>dlnet_add_s8</c>):
/// Inputs in [-128, 127], offsets in [-127, 128], so (x + offset) 2^20 stays below 2^28.
/// y = clamp(MBQM(MBQM((a + o1) 2^L, m1, s1) + MBQM((b + o2) 2^L, m2, s2), mo, so) + zo).
/// </summary>
public static class ElementwiseAddS8
{
    public static void Run(Span<sbyte> output, ReadOnlySpan<sbyte> input1, ReadOnlySpan<sbyte> input2, in AddS8Params p)
    {
        if (input1.Length != input2.Length || output.Length != input1.Length)
            throw new ArgumentException("inputs and output must have the same length");
        if (p.LeftShift < 0 || p.LeftShift > 22) throw new ArgumentOutOfRangeException(nameof(p), "left shift must be in [0, 22]");
        if (!Offsets.IsInputOffset(p.Input1Offset) || !Offsets.IsInputOffset(p.Input2Offset) || !Offsets.IsInt8ZeroPoint(p.OutputOffset))
            throw new ArgumentOutOfRangeException(nameof(p), "input offsets must be in [-127, 128], the output zero point in [-128, 127]");
        for (int i = 0; i < output.Length; i++)
        {
            int a = (input1[i] + p.Input1Offset) << p.LeftShift;
            int b = (input2[i] + p.Input2Offset) << p.LeftShift;
            // Saturated where TensorFlow Lite would overflow; unreachable with multipliers from Create.
            int sum = FixedPoint.SaturateToInt32((long)FixedPoint.MultiplyByQuantizedMultiplier(a, p.Input1Multiplier, p.Input1Shift)
                    + FixedPoint.MultiplyByQuantizedMultiplier(b, p.Input2Multiplier, p.Input2Shift));
            long y = (long)FixedPoint.MultiplyByQuantizedMultiplier(sum, p.OutputMultiplier, p.OutputShift) + p.OutputOffset;
            output[i] = (sbyte)Math.Clamp(y, p.ActivationMin, p.ActivationMax);
        }
    }
}
