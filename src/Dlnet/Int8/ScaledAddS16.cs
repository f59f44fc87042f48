namespace Dlnet.Int8;

/// <summary>
/// Per-channel weighted sum of two int16 tensors, y[i] = sat16(MBQM(a[i], ma[c], sa[c]) + MBQM(b[i], mb[c], sb[c]))
/// with c = i mod channels and signed multipliers (<see cref="FixedPoint.QuantizeSignedMultiplier"/>)
/// (C: <c>dlnet_scaled_add_s16</c>). This is the explicit Euler update of a diagonal linear-plus-forcing
/// state, x1 = (1 - dt alpha) x0 + dt beta tanh(.), and, with one multiplier set to zero, a per-channel
/// rescale. Each term rounds once, so the result is within one step of the exact real value.
/// </summary>
public static class ScaledAddS16
{
    public static void Run(Span<short> output, ReadOnlySpan<short> a, ReadOnlySpan<short> b,
        ReadOnlySpan<int> multipliersA, ReadOnlySpan<int> shiftsA, ReadOnlySpan<int> multipliersB, ReadOnlySpan<int> shiftsB, int channels)
    {
        if (a.Length != b.Length || output.Length != a.Length) throw new ArgumentException("inputs and output must have the same length");
        if (channels <= 0 || a.Length % channels != 0) throw new ArgumentException($"length {a.Length} is not a multiple of {channels} channels");
        if (multipliersA.Length != channels || shiftsA.Length != channels || multipliersB.Length != channels || shiftsB.Length != channels)
            throw new ArgumentException($"expected {channels} multipliers and shifts for each input");
        for (int c = 0; c < channels; c++)
            if (shiftsA[c] < FixedPoint.MinShift || shiftsA[c] > FixedPoint.MaxShift || shiftsB[c] < FixedPoint.MinShift || shiftsB[c] > FixedPoint.MaxShift)
                throw new ArgumentOutOfRangeException(nameof(shiftsA), "shifts must be in [-31, 30]");
        for (int i = 0; i < a.Length; i++)
        {
            int c = i % channels;
            long y = (long)FixedPoint.MultiplyByQuantizedMultiplier(a[i], multipliersA[c], shiftsA[c])
                   + FixedPoint.MultiplyByQuantizedMultiplier(b[i], multipliersB[c], shiftsB[c]);
            output[i] = FixedPoint.SaturateToInt16(y);
        }
    }
}
