namespace Dlnet.Int8;

/// <summary>
/// int16 x int8 fully connected layer with 64-bit accumulation (C: <c>dlnet_fully_connected_s16_w8</c>): int16
/// activations at full resolution with int8 weights, the pairing CMSIS-NN uses for its 16-bit kernels. It serves the
/// first layer, which reads the SOH window as int16 codes: the window needs the 16 bits, its weights do not (the
/// training rounds them to int8 already), and int8 rows halve the layer's flash. Weights are int8 symmetric per
/// output channel, biases int64 at scale input scale * weight scale, and the accumulator is requantised with one
/// rounding (<see cref="FixedPoint.MultiplyByQuantizedMultiplier(long, int, int)"/>).
/// No input offset (the caller folds one into the bias, as the first layer folds the window's origin); |bias| at most
/// 2^47, as <see cref="FullyConnectedS16"/>.
/// </summary>
public static class FullyConnectedS16W8
{
    public static void Run(Span<short> output, ReadOnlySpan<short> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<long> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, in FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        if (p.InputOffset != 0) throw new ArgumentOutOfRangeException(nameof(p), "the int16 x int8 layer has no input offset: fold it into the bias");
        FullyConnectedS16.CheckArguments(output.Length, input.Length, weights.Length, bias, multipliers, shifts, p, batch, inputs, outputs);

        for (int b = 0; b < batch; b++)
        {
            var x = input.Slice(b * inputs, inputs);
            for (int o = 0; o < outputs; o++)
            {
                var w = weights.Slice(o * inputs, inputs);
                long acc = bias.IsEmpty ? 0 : bias[o];
                for (int i = 0; i < inputs; i++) acc += x[i] * w[i];
                long y = (long)FixedPoint.MultiplyByQuantizedMultiplier(acc, multipliers[o], shifts[o]) + p.OutputOffset;
                output[b * outputs + o] = (short)Math.Clamp(y, p.ActivationMin, p.ActivationMax);
            }
        }
    }
}
