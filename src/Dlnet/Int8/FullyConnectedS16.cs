namespace Dlnet.Int8;

/// <summary>
/// int16 x int16 fully connected layer with 64-bit accumulation (C: <c>dlnet_fully_connected_s16</c>), for the
/// paths where 8 bits are too coarse: a fixed extrapolation of the input window whose coefficients need 16
/// bits, an int16 state fed back at full resolution. Weights are int16 symmetric per output channel,
/// biases int64 at scale input scale * weight scale, and the accumulator is requantised with one rounding
/// (<see cref="FixedPoint.MultiplyByQuantizedMultiplier(long, int, int)"/>).
/// Ranges: input offset in [-32767, 32768], each product below 2^31, |bias| at most 2^47; the accumulator is
/// clamped to 2^47 before requantisation, which more than 2^16 inputs could reach.
/// </summary>
public static class FullyConnectedS16
{
    /// <summary>Largest bias magnitude accepted: 2^47.</summary>
    public const long MaxBias = 1L << 47;

    public static void Run(Span<short> output, ReadOnlySpan<short> input, ReadOnlySpan<short> weights, ReadOnlySpan<long> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, in FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        CheckArguments(output.Length, input.Length, weights.Length, bias, multipliers, shifts, p, batch, inputs, outputs);

        for (int b = 0; b < batch; b++)
        {
            var x = input.Slice(b * inputs, inputs);
            for (int o = 0; o < outputs; o++)
            {
                var w = weights.Slice(o * inputs, inputs);
                long acc = bias.IsEmpty ? 0 : bias[o];
                for (int i = 0; i < inputs; i++) acc += (x[i] + p.InputOffset) * w[i];
                long y = (long)FixedPoint.MultiplyByQuantizedMultiplier(acc, multipliers[o], shifts[o]) + p.OutputOffset;
                output[b * outputs + o] = (short)Math.Clamp(y, p.ActivationMin, p.ActivationMax);
            }
        }
    }

    /// <summary>The checks of the 64-bit fully connected layers (this one and <see cref="FullyConnectedS16W8"/>): shapes, input offset, clamp, shifts, bias.</summary>
    internal static void CheckArguments(int outputLength, int inputLength, int weightLength, ReadOnlySpan<long> bias, ReadOnlySpan<int> multipliers,
        ReadOnlySpan<int> shifts, in FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        if (batch < 0 || inputs < 0 || outputs < 0) throw new ArgumentOutOfRangeException(nameof(batch), "sizes must be non-negative");
        if (inputLength != batch * inputs || weightLength != outputs * inputs || outputLength != batch * outputs)
            throw new ArgumentException($"expected input {batch}x{inputs}, weights {outputs}x{inputs}, output {batch}x{outputs}");
        if (!bias.IsEmpty && bias.Length != outputs) throw new ArgumentException($"bias must be empty or hold {outputs} values");
        if (multipliers.Length != outputs || shifts.Length != outputs) throw new ArgumentException($"expected {outputs} multipliers and shifts");
        if (p.InputOffset < -short.MaxValue || p.InputOffset > -short.MinValue) throw new ArgumentOutOfRangeException(nameof(p), "input offset must be in [-32767, 32768]");
        if (p.ActivationMin < short.MinValue || p.ActivationMax > short.MaxValue || p.ActivationMin > p.ActivationMax)
            throw new ArgumentOutOfRangeException(nameof(p), "activation clamp must lie within [-32768, 32767]");
        for (int o = 0; o < outputs; o++)
        {
            if (shifts[o] < FixedPoint.MinShift || shifts[o] > FixedPoint.MaxWideShift) throw new ArgumentOutOfRangeException(nameof(shifts), "shifts must be in [-31, 15]");
            if (!bias.IsEmpty && Math.Abs(bias[o]) > MaxBias) throw new ArgumentOutOfRangeException(nameof(bias), "bias magnitude must be at most 2^47");
        }
    }
}
