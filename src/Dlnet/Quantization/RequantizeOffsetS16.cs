namespace Dlnet.Quantization;

/// <summary>
/// int16 -> int8 requantisation about an origin: y = clamp(MBQM(x + inputOffset, m, s) + outputOffset)
/// (C: <c>dlnet_requantize_offset_s16</c>). With inputOffset = -x[last] it is the input encoding of the relative
/// output forms, (x - x_last) / s_in, straight from int16 SOH codes; with a constant offset, the min-max encoding.
/// x + inputOffset is formed in 32 bits, so any offset in [-65535, 65535] is exact.
/// </summary>
public static class RequantizeOffsetS16
{
    /// <summary>Largest |inputOffset| accepted: 65535.</summary>
    public const int MaxInputOffset = 65535;

    public static void Run(Span<sbyte> output, ReadOnlySpan<short> input, int inputOffset, int multiplier, int shift, int outputOffset,
        int activationMin, int activationMax)
    {
        if (output.Length != input.Length) throw new ArgumentException("input and output must have the same length");
        if (Math.Abs(inputOffset) > MaxInputOffset) throw new ArgumentOutOfRangeException(nameof(inputOffset), inputOffset, "input offset must be in [-65535, 65535]");
        if (shift < FixedPoint.MinShift || shift > FixedPoint.MaxShift) throw new ArgumentOutOfRangeException(nameof(shift), shift, "shift must be in [-31, 30]");
        if (activationMin < sbyte.MinValue || activationMax > sbyte.MaxValue || activationMin > activationMax)
            throw new ArgumentOutOfRangeException(nameof(activationMin), $"clamp [{activationMin}, {activationMax}] must lie within [-128, 127]");
        for (int i = 0; i < input.Length; i++)
        {
            long y = (long)FixedPoint.MultiplyByQuantizedMultiplier(input[i] + inputOffset, multiplier, shift) + outputOffset;
            output[i] = (sbyte)Math.Clamp(y, activationMin, activationMax);
        }
    }
}
