namespace Dlnet.Int8;

/// <summary>
/// Post-training quantisation of a dense layer's parameters: int8 symmetric weights per output channel,
/// int32 biases at scale input scale * weight scale, and the per-channel requantisation multipliers.
/// </summary>
public static class WeightQuantization
{
    /// <summary>
    /// Quantises W [outputs, inputs] row-major per output channel: scale[o] = max|W[o,:]| / 127,
    /// q = round(W / scale) in [-127, 127] (zero point 0; -128 unused so that negation is exact).
    /// An all-zero row gets scale 1.
    /// </summary>
    public static void QuantizePerChannelInt8(Span<sbyte> quantized, Span<double> scales, ReadOnlySpan<float> weights, int outputs, int inputs)
    {
        CheckShapes(quantized.Length, scales.Length, weights.Length, outputs, inputs);
        for (int o = 0; o < outputs; o++)
        {
            var row = weights.Slice(o * inputs, inputs);
            var p = QuantizationParams.SymmetricInt8(RowAbsMax(row, o));
            scales[o] = p.Scale;
            var qRow = quantized.Slice(o * inputs, inputs);
            for (int i = 0; i < inputs; i++) qRow[i] = p.QuantizeInt8(row[i]);
        }
    }

    /// <summary>
    /// Quantises W [outputs, inputs] to int16 per output channel: scale[o] = max|W[o,:]| / 32767, codes in
    /// [-32767, 32767], for coefficients that 8 bits would distort (a fixed extrapolation, a fed-back state).
    /// </summary>
    public static void QuantizePerChannelInt16(Span<short> quantized, Span<double> scales, ReadOnlySpan<float> weights, int outputs, int inputs)
    {
        CheckShapes(quantized.Length, scales.Length, weights.Length, outputs, inputs);
        for (int o = 0; o < outputs; o++)
        {
            var row = weights.Slice(o * inputs, inputs);
            var p = QuantizationParams.SymmetricInt16(RowAbsMax(row, o));
            scales[o] = p.Scale;
            var qRow = quantized.Slice(o * inputs, inputs);
            for (int i = 0; i < inputs; i++) qRow[i] = p.QuantizeInt16(row[i]);
        }
    }

    static void CheckShapes(int quantized, int scales, int weights, int outputs, int inputs)
    {
        if (outputs < 0 || inputs < 0 || weights != outputs * inputs || quantized != weights || scales != outputs)
            throw new ArgumentException($"expected {outputs}x{inputs} weights, quantized buffer of the same length and {outputs} scales");
    }

    static double RowAbsMax(ReadOnlySpan<float> row, int o)
    {
        double absMax = 0;
        foreach (float w in row)
        {
            if (!float.IsFinite(w)) throw new ArgumentException($"weight row {o} holds a non-finite value");
            absMax = Math.Max(absMax, Math.Abs((double)w));
        }
        return absMax;
    }

    /// <summary>bias_q[o] = round(bias[o] / (inputScale * weightScales[o])) as int64, for <see cref="FullyConnectedS16"/>.</summary>
    public static void QuantizeBiasInt64(Span<long> quantized, ReadOnlySpan<float> bias, double inputScale, ReadOnlySpan<double> weightScales)
    {
        if (bias.Length != weightScales.Length || quantized.Length != bias.Length)
            throw new ArgumentException("bias, weight scales and output must have one entry per output channel");
        for (int o = 0; o < bias.Length; o++)
        {
            double q = Math.Round(bias[o] / (inputScale * weightScales[o]), MidpointRounding.AwayFromZero);
            quantized[o] = (long)Math.Clamp(q, -FullyConnectedS16.MaxBias, FullyConnectedS16.MaxBias);
        }
    }

    /// <summary>bias_q[o] = round(bias[o] / (inputScale * weightScales[o])), saturated to int32.</summary>
    public static void QuantizeBiasInt32(Span<int> quantized, ReadOnlySpan<float> bias, double inputScale, ReadOnlySpan<double> weightScales)
    {
        if (bias.Length != weightScales.Length || quantized.Length != bias.Length)
            throw new ArgumentException("bias, weight scales and output must have one entry per output channel");
        for (int o = 0; o < bias.Length; o++)
        {
            double q = Math.Round(bias[o] / (inputScale * weightScales[o]), MidpointRounding.AwayFromZero);
            quantized[o] = (int)Math.Clamp(q, int.MinValue, int.MaxValue);
        }
    }

    /// <summary>
    /// Per-channel requantisation from the int32 accumulator (scale inputScale * weightScales[o]) to an
    /// output of scale <paramref name="outputScale"/>: multiplier = inputScale * weightScales[o] / outputScale.
    /// </summary>
    public static void OutputMultipliers(Span<int> multipliers, Span<int> shifts, double inputScale, ReadOnlySpan<double> weightScales, double outputScale)
    {
        if (multipliers.Length != weightScales.Length || shifts.Length != weightScales.Length)
            throw new ArgumentException("multipliers and shifts must have one entry per output channel");
        for (int o = 0; o < weightScales.Length; o++)
            (multipliers[o], shifts[o]) = FixedPoint.QuantizeMultiplier(inputScale * weightScales[o] / outputScale);
    }
}
