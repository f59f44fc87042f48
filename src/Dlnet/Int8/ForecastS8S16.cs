namespace Dlnet.Int8;

/// <summary>Constants of the forecast head (C: <c>dlnet_forecast_params</c>).</summary>
/// <param name="Inputs">int8 activations in.</param>
/// <param name="InputOffset">Minus their zero point, in [-127, 128].</param>
/// <param name="Weights">[size, inputs] int8, each row at a power-of-two scale.</param>
/// <param name="Bias">[size] at each row's accumulator scale, or empty.</param>
/// <param name="RowShifts">[size] in [0, 31]: aligns row f's sum to units of 2^-32 output codes.</param>
/// <param name="AnchorCount">Anchors of the base, in [0, 16] (0: no base).</param>
/// <param name="Interpolation">[size, anchorCount] int32 weights of the base, in 2^-32 output codes per anchor code.</param>
public sealed record ForecastParams(int Inputs, int InputOffset, sbyte[] Weights, int[] Bias, byte[] RowShifts, int AnchorCount, int[] Interpolation)
{
    /// <summary>Most anchors a base may have (so that the 64-bit sum cannot overflow).</summary>
    public const int MaxAnchors = 16;

    /// <summary>Horizon steps out.</summary>
    public int Size => RowShifts.Length;
}

/// <summary>
/// The output layer and the output form in one pass (C: <c>dlnet_forecast_s8_s16</c>): per horizon step f,
/// <code>
/// y[f] = sat16(offset + floor(((sum_j (x[j] + inputOffset) w[f, j] + bias[f]) 2^rowShifts[f]
///                              + sum_i anchors[i] L[f, i] + 2^31) / 2^32))
/// </code>
/// with int32 dot products and 64-bit sums in units of 2^-32 output codes: a dense layer's correction plus a base
/// interpolated from anchor values, plus an offset. Every scale is a power of two (the dense rows' too), so there is
/// one rounding per value, no multiplier, and the final shift is taking the high word: with a 100-step horizon,
/// per-row requantisation was most of an inference's instructions.
/// </summary>
public static class ForecastS8S16
{
    public static void Run(Span<short> output, ReadOnlySpan<sbyte> activations, ReadOnlySpan<short> anchors, int offset, ForecastParams p)
    {
        int size = p.Size, n = p.Inputs, count = p.AnchorCount;
        if (n < 0 || count < 0 || count > ForecastParams.MaxAnchors) throw new ArgumentOutOfRangeException(nameof(p), "sizes must be non-negative and anchors at most 16");
        if (output.Length != size || activations.Length != n || anchors.Length != count) throw new ArgumentException($"expected {n} activations, {count} anchors and {size} outputs");
        if (p.Weights.Length != size * n || p.Interpolation.Length != size * count || (p.Bias.Length != 0 && p.Bias.Length != size))
            throw new ArgumentException($"expected weights {size}x{n}, interpolation {size}x{count} and {size} biases");
        if (p.InputOffset < -sbyte.MaxValue || p.InputOffset > -sbyte.MinValue) throw new ArgumentOutOfRangeException(nameof(p), p.InputOffset, "input offset must be in [-127, 128]");
        foreach (byte s in p.RowShifts)
            if (s > 31) throw new ArgumentOutOfRangeException(nameof(p), s, "row shifts must be in [0, 31]");
        for (int f = 0; f < size; f++)
        {
            var w = p.Weights.AsSpan(f * n, n);
            int acc = 0;
            for (int j = 0; j < n; j++) acc += (activations[j] + p.InputOffset) * w[j];
            if (p.Bias.Length != 0) acc += p.Bias[f];
            long sum = ((long)acc << p.RowShifts[f]) + (1L << 31);
            var l = p.Interpolation.AsSpan(f * count, count);
            for (int i = 0; i < count; i++) sum += (long)anchors[i] * l[i];
            output[f] = FixedPoint.SaturateToInt16((sum >> 32) + offset); // >> of a long is arithmetic: floor
        }
    }
}
