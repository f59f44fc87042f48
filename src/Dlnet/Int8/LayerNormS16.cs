namespace Dlnet.Int8;

/// <summary>
/// Constants of an integer layer norm over int16 inputs (symmetric, scale s_z), prepared once from the float
/// layer and the calibrated scales (C: <c>dlnet_layer_norm_params</c>).
/// </summary>
/// <param name="Size">Features per sample n, in [1, 4096].</param>
/// <param name="GainMultipliers">Per feature, the signed Q31 significand of G_i = 256 gamma_i sqrt(n) / s_y, all sharing one exponent.</param>
/// <param name="GainShift">That exponent, in [-31, 30]: G_i ~= m_i 2^(shift - 31).</param>
/// <param name="Bias">Per feature, round(256 (beta_i / s_y + output zero point)).</param>
/// <param name="VarianceOffset">E = round(n eps / s_z^2) in [1, 2^48]: eps in the units of the summed squares.</param>
/// <param name="ActivationMin">Lower clamp of the output codes (a fused ReLU clamps at the zero point).</param>
/// <param name="ActivationMax">Upper clamp of the output codes.</param>
public sealed record LayerNormS16Params(int Size, int[] GainMultipliers, int GainShift, int[] Bias, long VarianceOffset,
    int ActivationMin, int ActivationMax)
{
    /// <summary>Largest <see cref="VarianceOffset"/>: 2^48.</summary>
    public const long MaxVarianceOffset = 1L << 48;

    /// <summary>Most features per sample: 4096 (the sums of squares of the 2^-6-code centred values stay below 2^58).</summary>
    public const int MaxSize = 4096;

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
        if (n < 1 || n > MaxSize || bias.Length != n) throw new ArgumentException($"gain and bias must hold the same 1..{MaxSize} values, got {gain.Length} and {bias.Length}");
        if (!(inputScale > 0) || !(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(inputScale), "input scale must be positive and epsilon non-negative");
        var multipliers = new int[n];
        var b = new int[n];
        double root = Math.Sqrt(n);
        var g = new double[n];
        double largest = 0;
        for (int i = 0; i < n; i++)
        {
            g[i] = 256.0 * gain[i] * root / output.Scale;
            if (!double.IsFinite(g[i]) || Math.Abs(g[i]) >= (1 << 30))
                throw new ArgumentException($"layer norm gain {gain[i]} of feature {i} is too large for an output step of {output.Scale}");
            largest = Math.Max(largest, Math.Abs(g[i]));
            double beta = Math.Round(256.0 * (bias[i] / output.Scale + output.ZeroPoint), MidpointRounding.AwayFromZero);
            b[i] = (int)Math.Clamp(beta, int.MinValue / 2, int.MaxValue / 2);
        }
        // One exponent for every gain (the largest's), so that the kernel's shift is the same for a whole row.
        int shift = largest == 0 ? 0 : Math.Max(Math.ILogB(largest) + 1, FixedPoint.MinShift);
        for (int i = 0; i < n; i++)
            multipliers[i] = (int)Math.Clamp(Math.Round(Math.ScaleB(g[i], 31 - shift), MidpointRounding.AwayFromZero), -int.MaxValue, int.MaxValue);
        double e = Math.Round(n * epsilon / (inputScale * inputScale), MidpointRounding.AwayFromZero);
        long varianceOffset = (long)Math.Clamp(e, 1, MaxVarianceOffset);
        int lo = int16Output ? short.MinValue : sbyte.MinValue, hi = int16Output ? short.MaxValue : sbyte.MaxValue;
        return new LayerNormS16Params(n, multipliers, shift, b, varianceOffset, relu ? Math.Max(output.ZeroPoint, lo) : lo, hi);
    }
}

/// <summary>
/// Integer layer normalisation of int16 inputs (C: <c>dlnet_layer_norm_s16_s8</c>, <c>dlnet_layer_norm_s16</c>).
/// Per sample, in units of 2^-6 input codes (so that the mean's rounding is negligible even for an int16 output):
/// M = round(64 sum q / n), c_i = 64 q_i - M, V = sum c_i^2 in 64 bits, D = V + 4096 E, and 1/sqrt(D) as a quantised
/// multiplier (r, s) (<see cref="InverseSquareRoot"/>); then per feature, with gains m_i sharing the exponent g and
/// biases B_i from <see cref="LayerNormS16Params"/>:
/// <code>
/// k_i = floor((m_i r + 2^30) / 2^31)                   the feature's factor, G_i / sqrt(D) in Q31 with exponent g + s
/// t_i = floor((c_i k_i + 2^(n-1)) / 2^n), n = 31 - g - s   (c_i k_i itself when n = 0; 0 when n &gt; 54)
/// y_i = clamp(floor((t_i + B_i + 128) / 256))
/// </code>
/// Since 64 sqrt(n)/sqrt(D) = s_z / sqrt(var + eps) and c_i = 64 (z_i - mean) / s_z, this is
/// gamma (z - mean) / sqrt(var + eps) + beta in output codes, rounded to nearest (within one step: the mean to 2^-7
/// codes, the 30-bit factors and the roundings). The shift n is the
/// same for a whole row, so a feature costs two 32 x 32 products and shifts.
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
            int shift = 31 - (p.GainShift + s);
            for (int i = 0; i < n; i++) y[i] = (sbyte)Normalize((x[i] << MeanBits) - mean, m, shift, p, i);
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
            int shift = 31 - (p.GainShift + s);
            for (int i = 0; i < n; i++) y[i] = (short)Normalize((x[i] << MeanBits) - mean, m, shift, p, i);
        }
    }

    /// <summary>Fraction bits of the centred values.</summary>
    const int MeanBits = 6;

    /// <summary>1/sqrt(D) as (multiplier, shift) and M = round(2^6 mean) of one sample.</summary>
    static (int Multiplier, int Shift, int Mean) Statistics(ReadOnlySpan<short> x, long varianceOffset)
    {
        int n = x.Length;
        long sum = 0;
        foreach (short v in x) sum += v;
        // round half up: floor((64 sum + floor(n / 2)) / n), exact for odd n (no ties)
        int mean = (int)FloorDivide((sum << MeanBits) + n / 2, n);
        long squares = 0;
        foreach (short v in x)
        {
            long c = (v << MeanBits) - mean;
            squares += c * c;
        }
        var (m, s) = InverseSquareRoot.Compute(squares + (varianceOffset << (2 * MeanBits)));
        return (m, s, mean);
    }

    static int Normalize(int centred, int inverseRootMultiplier, int shift, LayerNormS16Params p, int i)
    {
        int k = (int)(((long)p.GainMultipliers[i] * inverseRootMultiplier + (1L << 30)) >> 31); // |m r| < 2^62: k fits 32 bits
        long t = RoundingShiftRight((long)centred * k, shift);
        long y = (t + p.Bias[i] + 128) >> 8; // arithmetic: floor
        return (int)Math.Clamp(y, p.ActivationMin, p.ActivationMax);
    }

    /// <summary>x / 2^n rounded to nearest, ties towards +infinity, for |x| below 2^53 and n &gt;= 0.</summary>
    internal static long RoundingShiftRight(long x, int n)
    {
        if (n == 0) return x;
        if (n > 54) return 0;
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
        if (batch < 0 || n < 1 || n > LayerNormS16Params.MaxSize) throw new ArgumentOutOfRangeException(nameof(batch), $"batch must be non-negative and the size in [1, {LayerNormS16Params.MaxSize}]");
        if (inputLength != batch * n || outputLength != batch * n) throw new ArgumentException($"expected input and output of {batch}x{n}");
        if (p.GainMultipliers.Length != n || p.Bias.Length != n) throw new ArgumentException($"expected {n} gain multipliers and biases");
        if (p.GainShift < FixedPoint.MinShift || p.GainShift > FixedPoint.MaxShift) throw new ArgumentOutOfRangeException(nameof(p), p.GainShift, "the gain shift must be in [-31, 30]");
        foreach (int m in p.GainMultipliers)
            if (m == int.MinValue) throw new ArgumentOutOfRangeException(nameof(p), "gain multipliers must be in [-(2^31 - 1), 2^31 - 1]");
        if (p.VarianceOffset < 1 || p.VarianceOffset > LayerNormS16Params.MaxVarianceOffset) throw new ArgumentOutOfRangeException(nameof(p), p.VarianceOffset, "variance offset must be in [1, 2^48]");
        if (p.ActivationMin < lo || p.ActivationMax > hi || p.ActivationMin > p.ActivationMax) throw new ArgumentOutOfRangeException(nameof(p), $"clamp [{p.ActivationMin}, {p.ActivationMax}] must lie within [{lo}, {hi}]");
    }
}
