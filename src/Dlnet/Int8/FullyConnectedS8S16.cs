namespace Dlnet.Int8;

/// <summary>Quantisation constants of a fully connected layer, fixed when the model is prepared.</summary>
/// <param name="InputOffset">Minus the input zero point: in [-127, 128] for int8 inputs, [-32767, 32768] for int16.</param>
/// <param name="OutputOffset">The output zero point (0 for a symmetric int16 output).</param>
/// <param name="ActivationMin">Lower clamp of the output codes (the fused activation: a ReLU clamps at the zero point).</param>
/// <param name="ActivationMax">Upper clamp of the output codes.</param>
public readonly record struct FullyConnectedParams(int InputOffset, int OutputOffset, int ActivationMin, int ActivationMax)
{
    /// <summary>int8 or int16 in, int16 out; a fused ReLU clamps at the output zero point.</summary>
    public static FullyConnectedParams Int16(QuantizationParams input, QuantizationParams output, bool relu = false) =>
        new(-input.ZeroPoint, output.ZeroPoint, relu ? Math.Max(output.ZeroPoint, short.MinValue) : short.MinValue, short.MaxValue);
}

/// <summary>
/// Integer fully connected layer, y = requantise(W (x + input offset) + b), with int8 inputs, int8 symmetric
/// weights per output channel stored [outputs, inputs] row-major, int32 biases, int32 accumulation and int16
/// outputs (C: <c>dlnet_fully_connected_s8_s16</c>): the encoder and decoder layers, whose int16 outputs feed
/// a layer norm. Ranges: each product is at most 255 * 127 in magnitude, so the accumulator cannot overflow
/// while inputs * 32385 + |bias| stays below 2^31 (inputs up to 65535 with a bias below 2^30, say).
/// </summary>
public static class FullyConnectedS8S16
{
    /// <summary>Per-channel multiply by the quantised multiplier, add the output zero point, clamp within int16.</summary>
    public static void Run(Span<short> output, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, in FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        if (!Offsets.IsInputOffset(p.InputOffset)) throw new ArgumentOutOfRangeException(nameof(p), p.InputOffset, "input offset must be in [-127, 128]");
        if (batch < 0 || inputs < 0 || outputs < 0) throw new ArgumentOutOfRangeException(nameof(batch), "sizes must be non-negative");
        if (input.Length != batch * inputs || weights.Length != outputs * inputs || output.Length != batch * outputs)
            throw new ArgumentException($"expected input {batch}x{inputs}, weights {outputs}x{inputs}, output {batch}x{outputs}");
        if (!bias.IsEmpty && bias.Length != outputs) throw new ArgumentException($"bias must be empty or hold {outputs} values");
        if (multipliers.Length != outputs || shifts.Length != outputs) throw new ArgumentException($"expected {outputs} multipliers and shifts");
        foreach (int shift in shifts)
            if (shift < FixedPoint.MinShift || shift > FixedPoint.MaxShift) throw new ArgumentOutOfRangeException(nameof(shifts), shift, "shifts must be in [-31, 30]");
        if (p.ActivationMin < short.MinValue || p.ActivationMax > short.MaxValue || p.ActivationMin > p.ActivationMax)
            throw new ArgumentOutOfRangeException(nameof(p), "activation clamp must lie within [-32768, 32767]");

        for (int b = 0; b < batch; b++)
        {
            var x = input.Slice(b * inputs, inputs);
            for (int o = 0; o < outputs; o++)
            {
                var w = weights.Slice(o * inputs, inputs);
                int acc = 0;
                for (int i = 0; i < inputs; i++) acc += (x[i] + p.InputOffset) * w[i];
                if (!bias.IsEmpty) acc += bias[o];
                long y = (long)FixedPoint.MultiplyByQuantizedMultiplier(acc, multipliers[o], shifts[o]) + p.OutputOffset;
                output[b * outputs + o] = (short)Math.Clamp(y, p.ActivationMin, p.ActivationMax);
            }
        }
    }
}
