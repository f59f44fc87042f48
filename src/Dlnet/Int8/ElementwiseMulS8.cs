namespace Dlnet.Int8;

/// <summary>Constants of an int8 element-wise product: multiplier = s1 * s2 / s_out.</summary>
public readonly record struct MulS8Params(int Input1Offset, int Input2Offset, int OutputOffset,
    int OutputMultiplier, int OutputShift, int ActivationMin, int ActivationMax)
{
    /// <summary>Derives the constants from the three tensors' parameters; the clamp defaults to [-128, 127].</summary>
    public static MulS8Params Create(QuantizationParams input1, QuantizationParams input2, QuantizationParams output,
        int activationMin = sbyte.MinValue, int activationMax = sbyte.MaxValue)
    {
        var (m, s) = FixedPoint.QuantizeMultiplier(input1.Scale * input2.Scale / output.Scale);
        return new MulS8Params(-input1.ZeroPoint, -input2.ZeroPoint, output.ZeroPoint, m, s, activationMin, activationMax);
    }
}

/// <summary>
/// Element-wise product of two int8 tensors (C: <c>dlnet_mul_s8</c>):
/// y = clamp(MBQM((a + o1)(b + o2), m, s) + zo). The raw product is at most 255^2 in magnitude.
/// </summary>
public static class ElementwiseMulS8
{
    public static void Run(Span<sbyte> output, ReadOnlySpan<sbyte> input1, ReadOnlySpan<sbyte> input2, in MulS8Params p)
    {
        if (input1.Length != input2.Length || output.Length != input1.Length)
            throw new ArgumentException("inputs and output must have the same length");
        if (!Offsets.IsInputOffset(p.Input1Offset) || !Offsets.IsInputOffset(p.Input2Offset) || !Offsets.IsInt8ZeroPoint(p.OutputOffset))
            throw new ArgumentOutOfRangeException(nameof(p), "input offsets must be in [-127, 128], the output zero point in [-128, 127]");
        for (int i = 0; i < output.Length; i++)
        {
            int product = (input1[i] + p.Input1Offset) * (input2[i] + p.Input2Offset);
            long y = (long)FixedPoint.MultiplyByQuantizedMultiplier(product, p.OutputMultiplier, p.OutputShift) + p.OutputOffset;
            output[i] = (sbyte)Math.Clamp(y, p.ActivationMin, p.ActivationMax);
        }
    }
}
