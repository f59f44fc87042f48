namespace Dlnet.Quantization;

/// <summary>
/// Constants of an integer layer norm over int16 inputs (symmetric, scale s_z), prepared once from the float
/// layer and the calibrated scales (C: <c>dlnet_layer_norm_params</c>).
/// </summary>
/// <param name="Size">Features per sample n, in [1, 65535].</param>
/// <param name="GainMultipliers">Per feature, the signed Q31 significand of G_i = 256 gamma_i sqrt(n) / s_y.</param>
/// <param name="GainShifts">Per feature, its exponent, in [-31, 30].</param>
/// <param name="Bias">Per feature, round(256 (beta_i / s_y + output zero point)).</param>
/// <param name="VarianceOffset">E = round(n eps / s_z^2) in [1, 2^48]: eps in the units of the summed squares.</param>
/// <param name="ActivationMin">Lower clamp of the output codes (a fused ReLU clamps at the zero point).</param>
/// <param name="ActivationMax">Upper clamp of the output codes.</param>
public sealed record LayerNormS16Params(int Size, int[] GainMultipliers, int[] GainShifts, int[] Bias, long VarianceOffset,
    int ActivationMin, int ActivationMax)
{
    /// <summary>Largest <see cref="VarianceOffset"/>: 2^48.</summary>
    public const long MaxVarianceOffset = 1L << 48;

    /// <summary>
    /// Prepares LN(z) = gamma (z - mean) / sqrt(var + eps) + beta for int16 inputs of scale <paramref name="inputScale"/>
    /// and outputs of parameters <paramref name="output"/> (int8, or int16 when <paramref name="int16Output"/>);
    /// <paramref name="relu"/> fuses a ReLU into the clamp.
    /// </summary>
    /// <exception cref="ArgumentException">A gain too large for the output scale (|G_i| must stay below 2^30).</exception>
    public static LayerNormS16Params Prepare(ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, double epsilon, double inputScale,
        QuantizationParams output, bool int16Output = false, bool relu = false)
    {
        int n = gain.Length;
        if (n < 1 || n > ushort.MaxValue || bias.Length != n) throw new ArgumentException($"gain and bias must hold the same 1..65535 values, got {gain.Length} and {bias.Length}");
        if (!(inputScale > 0) || !(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(inputScale), "input scale must be positive and epsilon non-negative");
        var multipliers = new int[n];
        var shifts = new int[n];
        var b = new int[n];
        double root = Math.Sqrt(n);
        for (int i = 0; i < n; i++)
        {
            double g = 256.0 * gain[i] * root / output.Scale;
            if (!double.IsFinite(g) || Math.Abs(g) >= (1 << 30))
                throw new ArgumentException($"layer norm gain {gain[i]} of feature {i} is too large for an output step of {output.Scale}");
            (multipliers[i], shifts[i]) = FixedPoint.QuantizeSignedMultiplier(g);
            double beta = Math.Round(256.0 * (bias[i] / output.Scale + output.ZeroPoint), MidpointRounding.AwayFromZero);
            b[i] = (int)Math.Clamp(beta, int.MinValue / 2, int.MaxValue / 2);
        }
        double e = Math.Round(n * epsilon / (inputScale * inputScale), MidpointRounding.AwayFromZero);
        long varianceOffset = (long)Math.Clamp(e, 1, MaxVarianceOffset);
        int lo = int16Output ? short.MinValue : sbyte.MinValue, hi = int16Output ? short.MaxValue : sbyte.MaxValue;
        return new LayerNormS16Params(n, multipliers, shifts, b, varianceOffset, relu ? Math.Max(output.ZeroPoint, lo) : lo, hi);
    }
}

/// <summary>
/// Integer layer normalisation of int16 inputs (C: <c>dlnet_layer_norm_s16_s8</c>, <c>dlnet_layer_norm_s16</c>).
/// Per sample: the mean m rounded to an integer, c_i = q_i - m, V = sum c_i^2 in 64 bits, D = V + E, and 1/sqrt(D)
/// as a quantised multiplier (<see cref="InverseSquareRoot"/>); then per feature, with (G_i, B_i) from
/// <see cref="LayerNormS16Params"/>, t_i = round(c_i G_i / sqrt(D)) (one rounding of a 64-bit product, 8 fraction bits)
/// and y_i = clamp(floor((t_i + B_i + 128) / 256)). Since sqrt(n)/sqrt(D) = s_z / sqrt(var + eps), this is
/// gamma (z - mean) / sqrt(var + eps) + beta in output codes, rounded to nearest (within one step: the
/// rounded mean, the 30-bit factor and the two roundings).
/// </summary>
public static class LayerNormS16
{
    /// <summary>int16 in [batch, n], int8 out [batch, n].</summary>
    public static void Run(Span<sbyte> output, ReadOnlySpan<short> input, LayerNormS16Params p, int batch)
    {
        Check(output.Length, input.Length, p, batch, sbyte.MinValue, sbyte.MaxValue);
        int n = p.Size;
        for (int b = 0; b < batch; b++)
        {
            var x = input.Slice(b * n, n);
            var y = output.Slice(b * n, n);
            var (m, s, mean) = Statistics(x, p.VarianceOffset);
            for (int i = 0; i < n; i++) y[i] = (sbyte)Normalize(x[i] - mean, m, s, p, i);
        }
    }

    /// <summary>int16 in [batch, n], int16 out [batch, n].</summary>
    public static void RunS16(Span<short> output, ReadOnlySpan<short> input, LayerNormS16Params p, int batch)
    {
        Check(output.Length, input.Length, p, batch, short.MinValue, short.MaxValue);
        int n = p.Size;
        for (int b = 0; b < batch; b++)
        {
            var x = input.Slice(b * n, n);
            var y = output.Slice(b * n, n);
            var (m, s, mean) = Statistics(x, p.VarianceOffset);
            for (int i = 0; i < n; i++) y[i] = (short)Normalize(x[i] - mean, m, s, p, i);
        }
    }

    /// <summary>1/sqrt(D) as (multiplier, shift) and the rounded mean of one sample.</summary>
    static (int Multiplier, int Shift, int Mean) Statistics(ReadOnlySpan<short> x, long varianceOffset)
    {
        int n = x.Length;
        long sum = 0;
        foreach (short v in x) sum += v;
        int mean = (int)FloorDivide(2 * sum + n, 2L * n);
        long squares = 0;
        foreach (short v in x)
        {
            long c = v - mean;
            squares += c * c;
        }
        var (m, s) = InverseSquareRoot.Compute(squares + varianceOffset);
        return (m, s, mean);
    }

    static int Normalize(int centred, int inverseRootMultiplier, int inverseRootShift, LayerNormS16Params p, int i)
    {
        int m = FixedPoint.SaturatingRoundingDoublingHighMul(p.GainMultipliers[i], inverseRootMultiplier);
        long t = RoundingShiftRight((long)centred * m, 31 - (p.GainShifts[i] + inverseRootShift));
        long y = (t + p.Bias[i] + 128) >> 8; // arithmetic: floor
        return (int)Math.Clamp(y, p.ActivationMin, p.ActivationMax);
    }

    /// <summary>x / 2^n rounded to nearest, ties towards +infinity, for |x| below 2^47 and n &gt;= 0.</summary>
    internal static long RoundingShiftRight(long x, int n)
    {
        if (n == 0) return x;
        if (n > 48) return 0;
        return (x + (1L << (n - 1))) >> n;
    }

    /// <summary>floor(a / b) for b &gt; 0.</summary>
    static long FloorDivide(long a, long b)
    {
        long q = a / b;
        return a % b != 0 && a < 0 ? q - 1 : q;
    }

    static void Check(int outputLength, int inputLength, LayerNormS16Params p, int batch, int lo, int hi)
    {
        int n = p.Size;
        if (batch < 0 || n < 1 || n > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(batch), "batch must be non-negative and the size in [1, 65535]");
        if (inputLength != batch * n || outputLength != batch * n) throw new ArgumentException($"expected input and output of {batch}x{n}");
        if (p.GainMultipliers.Length != n || p.GainShifts.Length != n || p.Bias.Length != n) throw new ArgumentException($"expected {n} gain multipliers, shifts and biases");
        foreach (int s in p.GainShifts)
            if (s < FixedPoint.MinShift || s > FixedPoint.MaxShift) throw new ArgumentOutOfRangeException(nameof(p), s, "gain shifts must be in [-31, 30]");
        if (p.VarianceOffset < 1 || p.VarianceOffset > LayerNormS16Params.MaxVarianceOffset) throw new ArgumentOutOfRangeException(nameof(p), p.VarianceOffset, "variance offset must be in [1, 2^48]");
        if (p.ActivationMin < lo || p.ActivationMax > hi || p.ActivationMin > p.ActivationMax) throw new ArgumentOutOfRangeException(nameof(p), $"clamp [{p.ActivationMin}, {p.ActivationMax}] must lie within [{lo}, {hi}]");
    }
}
