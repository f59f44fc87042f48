namespace Dlnet.Int8;

/// <summary>
/// Requantisation of int16 values to int8 with one multiplier per tensor, y = clamp(MBQM(x, multiplier, shift) +
/// outputOffset, min, max) (C: <c>dlnet_requantize_s16</c>): the int8 copy of an int16 state or correction.
/// </summary>
public static class RequantizeS16
{
    /// <summary><paramref name="shift"/> in [-31, 30]; the clamp must lie within [-128, 127].</summary>
    public static void Run(Span<sbyte> output, ReadOnlySpan<short> input, int multiplier, int shift, int outputOffset, int activationMin, int activationMax)
    {
        if (output.Length != input.Length) throw new ArgumentException("input and output must have the same length");
        if (shift < FixedPoint.MinShift || shift > FixedPoint.MaxShift) throw new ArgumentOutOfRangeException(nameof(shift), shift, "shift must be in [-31, 30]");
        if (activationMin < sbyte.MinValue || activationMax > sbyte.MaxValue || activationMin > activationMax)
            throw new ArgumentOutOfRangeException(nameof(activationMin), $"clamp [{activationMin}, {activationMax}] must lie within [-128, 127]");
        for (int i = 0; i < input.Length; i++)
            output[i] = (sbyte)Math.Clamp((long)FixedPoint.MultiplyByQuantizedMultiplier(input[i], multiplier, shift) + outputOffset, activationMin, activationMax);
    }
}
