namespace Dlnet.Int8;

/// <summary>Quantisation constants of a fully connected layer, fixed when the model is prepared.</summary>
/// <param name="InputOffset">Minus the input zero point, in [-127, 128].</param>
/// <param name="OutputOffset">The output zero point: in [-128, 127] for int8 outputs, 0 for symmetric int16.</param>
/// <param name="ActivationMin">Lower clamp of the output codes (the fused activation: a ReLU clamps at the zero point).</param>
/// <param name="ActivationMax">Upper clamp of the output codes.</param>
public readonly record struct FullyConnectedParams(int InputOffset, int OutputOffset, int ActivationMin, int ActivationMax)
{
    /// <summary>int8 in, int8 out; a fused ReLU clamps at the output zero point (real 0).</summary>
    public static FullyConnectedParams Int8(QuantizationParams input, QuantizationParams output, bool relu = false) =>
        new(-input.ZeroPoint, output.ZeroPoint, relu ? Math.Max(output.ZeroPoint, sbyte.MinValue) : sbyte.MinValue, sbyte.MaxValue);

    /// <summary>int8 or int16 in, int16 out; a fused ReLU clamps at the output zero point.</summary>
    public static FullyConnectedParams Int16(QuantizationParams input, QuantizationParams output, bool relu = false) =>
        new(-input.ZeroPoint, output.ZeroPoint, relu ? Math.Max(output.ZeroPoint, short.MinValue) : short.MinValue, short.MaxValue);
}

/// <summary>
/// Integer fully connected layer, y = requantise(W (x + input offset) + b), with int8 inputs, int8
/// symmetric weights per output channel stored [outputs, inputs] row-major, int32 biases and int32
/// accumulation (C: <c>dlnet_fully_connected_s8</c>, <c>_s8_s16</c>, <c>_s8_s32</c>).
/// Ranges: each product is at most 255 * 127 in magnitude, so the accumulator cannot overflow while
/// inputs * 32385 + |bias| stays below 2^31 (inputs up to 65535 with a bias below 2^30, say).
/// </summary>
public static class FullyConnectedS8
{
    /// <summary>int8 outputs: per-channel multiply by the quantised multiplier, add the output zero point, clamp.</summary>
    public static void Run(Span<sbyte> output, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, in FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        Check(output.Length, input, weights, bias, multipliers, shifts, p.InputOffset, batch, inputs, outputs);
        if (p.ActivationMin < sbyte.MinValue || p.ActivationMax > sbyte.MaxValue || p.ActivationMin > p.ActivationMax)
            throw new ArgumentOutOfRangeException(nameof(p), "activation clamp must lie within [-128, 127]");
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outputs; o++)
                output[b * outputs + o] = (sbyte)Requantize(Accumulate(input.Slice(b * inputs, inputs), weights.Slice(o * inputs, inputs), bias, o, p.InputOffset),
                    multipliers[o], shifts[o], p);
    }

    /// <summary>int16 outputs (a higher-resolution activation or correction): as <see cref="Run"/> with an int16 clamp.</summary>
    public static void RunS16(Span<short> output, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, in FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        Check(output.Length, input, weights, bias, multipliers, shifts, p.InputOffset, batch, inputs, outputs);
        if (p.ActivationMin < short.MinValue || p.ActivationMax > short.MaxValue || p.ActivationMin > p.ActivationMax)
            throw new ArgumentOutOfRangeException(nameof(p), "activation clamp must lie within [-32768, 32767]");
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outputs; o++)
                output[b * outputs + o] = (short)Requantize(Accumulate(input.Slice(b * inputs, inputs), weights.Slice(o * inputs, inputs), bias, o, p.InputOffset),
                    multipliers[o], shifts[o], p);
    }

    /// <summary>
    /// Raw int32 accumulators including the bias, at scale input scale * weight scale[o]: for callers
    /// that combine several terms before one requantisation.
    /// </summary>
    public static void RunS32(Span<int> output, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        int inputOffset, int batch, int inputs, int outputs)
    {
        Check(output.Length, input, weights, bias, [], [], inputOffset, batch, inputs, outputs, requantised: false);
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outputs; o++)
                output[b * outputs + o] = Accumulate(input.Slice(b * inputs, inputs), weights.Slice(o * inputs, inputs), bias, o, inputOffset);
    }

    static int Accumulate(ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> w, ReadOnlySpan<int> bias, int o, int inputOffset)
    {
        int acc = 0;
        for (int i = 0; i < x.Length; i++) acc += (x[i] + inputOffset) * w[i];
        return bias.IsEmpty ? acc : acc + bias[o];
    }

    static int Requantize(int acc, int multiplier, int shift, in FullyConnectedParams p)
    {
        long y = (long)FixedPoint.MultiplyByQuantizedMultiplier(acc, multiplier, shift) + p.OutputOffset;
        return (int)Math.Clamp(y, p.ActivationMin, p.ActivationMax);
    }

    static void Check(int outputLength, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, int inputOffset, int batch, int inputs, int outputs, bool requantised = true)
    {
        if (!Offsets.IsInputOffset(inputOffset)) throw new ArgumentOutOfRangeException(nameof(inputOffset), inputOffset, "input offset must be in [-127, 128]");
        if (batch < 0 || inputs < 0 || outputs < 0) throw new ArgumentOutOfRangeException(nameof(batch), "sizes must be non-negative");
        if (input.Length != batch * inputs || weights.Length != outputs * inputs || outputLength != batch * outputs)
            throw new ArgumentException($"expected input {batch}x{inputs}, weights {outputs}x{inputs}, output {batch}x{outputs}");
        if (!bias.IsEmpty && bias.Length != outputs) throw new ArgumentException($"bias must be empty or hold {outputs} values");
        if (requantised && (multipliers.Length != outputs || shifts.Length != outputs))
            throw new ArgumentException($"expected {outputs} multipliers and shifts");
        foreach (int shift in shifts)
            if (shift < FixedPoint.MinShift || shift > FixedPoint.MaxShift) throw new ArgumentOutOfRangeException(nameof(shifts), shift, "shifts must be in [-31, 30]");
    }
}
