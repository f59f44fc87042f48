namespace Dlnet.Int8;

/// <summary>
/// Requantisation of int32 (or int16) values with one multiplier per tensor:
/// y = clamp(MBQM(x, multiplier, shift) + outputOffset, min, max)
/// (C: <c>dlnet_requantize_s32</c>, <c>dlnet_requantize_s32_s16</c>, <c>dlnet_requantize_s16</c>).
/// </summary>
public static class RequantizeS32
{
    /// <summary>int32 -> int8; the clamp must lie within [-128, 127].</summary>
    public static void ToS8(Span<sbyte> output, ReadOnlySpan<int> input, int multiplier, int shift, int outputOffset, int activationMin, int activationMax)
    {
        Check(output.Length, input.Length, activationMin, activationMax, sbyte.MinValue, sbyte.MaxValue);
        for (int i = 0; i < input.Length; i++)
            output[i] = (sbyte)Requantize(input[i], multiplier, shift, outputOffset, activationMin, activationMax);
    }

    /// <summary>int32 -> int16; the clamp must lie within [-32768, 32767].</summary>
    public static void ToS16(Span<short> output, ReadOnlySpan<int> input, int multiplier, int shift, int outputOffset, int activationMin, int activationMax)
    {
        Check(output.Length, input.Length, activationMin, activationMax, short.MinValue, short.MaxValue);
        for (int i = 0; i < input.Length; i++)
            output[i] = (short)Requantize(input[i], multiplier, shift, outputOffset, activationMin, activationMax);
    }

    /// <summary>int16 -> int8, e.g. a copy of an int16 state for an int8 matrix product.</summary>
    public static void S16ToS8(Span<sbyte> output, ReadOnlySpan<short> input, int multiplier, int shift, int outputOffset, int activationMin, int activationMax)
    {
        Check(output.Length, input.Length, activationMin, activationMax, sbyte.MinValue, sbyte.MaxValue);
        for (int i = 0; i < input.Length; i++)
            output[i] = (sbyte)Requantize(input[i], multiplier, shift, outputOffset, activationMin, activationMax);
    }

    static int Requantize(int x, int multiplier, int shift, int outputOffset, int min, int max) =>
        (int)Math.Clamp((long)FixedPoint.MultiplyByQuantizedMultiplier(x, multiplier, shift) + outputOffset, min, max);

    static void Check(int outputLength, int inputLength, int min, int max, int lo, int hi)
    {
        if (outputLength != inputLength) throw new ArgumentException("input and output must have the same length");
        if (min < lo || max > hi || min > max) throw new ArgumentOutOfRangeException(nameof(min), $"clamp [{min}, {max}] must lie within [{lo}, {hi}]");
    }
}
