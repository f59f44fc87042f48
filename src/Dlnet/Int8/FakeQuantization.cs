using System.Numerics;

namespace Dlnet.Int8;

/// <summary>
/// Fake quantisation: values rounded to the integer grid the integer engine will use and turned back
/// into reals (quantise, then dequantise), so that a float forward pass sees the rounding and clamping
/// of the deployed model (docs/int8-scheme.md). Weights: int8 symmetric per output channel (codes
/// [-127, 127], scale max|row| / 127), exactly as <see cref="WeightQuantization.QuantizePerChannelInt8"/>;
/// activations: int8 asymmetric from a calibrated range, as <see cref="QuantizationParams.FromMinMaxInt8"/>.
/// Gradients go straight through (the straight-through estimator): unchanged for weights, whose scale
/// covers every value, and for activations inside the representable range; stopped where an activation
/// was clamped.
/// </summary>
public static class FakeQuantization
{
    /// <summary>
    /// quantized = dequantise(quantise(weights)) for W [outputs, inputs] row-major, one int8 scale per
    /// output row; quantized may alias weights.
    /// </summary>
    public static void WeightsPerChannelInt8<T>(ReadOnlySpan<T> weights, Span<T> quantized, int outputs, int inputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outputs < 0 || inputs < 0 || weights.Length != outputs * inputs || quantized.Length != weights.Length)
            throw new ArgumentException($"expected {outputs}x{inputs} weights and an output of the same length");
        for (int o = 0; o < outputs; o++)
        {
            var row = weights.Slice(o * inputs, inputs);
            double absMax = 0;
            foreach (T w in row) absMax = Math.Max(absMax, Math.Abs(double.CreateChecked(w)));
            // Rows of float weights: the scale is computed as the engine computes it from the float values.
            var p = QuantizationParams.SymmetricInt8(absMax);
            var q = quantized.Slice(o * inputs, inputs);
            for (int i = 0; i < inputs; i++) q[i] = T.CreateChecked(p.Dequantize(p.QuantizeInt8(double.CreateChecked(row[i]))));
        }
    }

    /// <summary>
    /// Each value to the int8 grid of <paramref name="p"/> and back, in place; pass[i] = 1 where the value lay
    /// inside the representable range [scale (-128 - zp), scale (127 - zp)] (its gradient passes), 0 where it was clamped.
    /// </summary>
    public static void ActivationsInt8<T>(Span<T> values, Span<byte> pass, QuantizationParams p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (pass.Length < values.Length) throw new ArgumentException($"need {values.Length} pass flags, got {pass.Length}", nameof(pass));
        double low = p.Dequantize(sbyte.MinValue), high = p.Dequantize(sbyte.MaxValue);
        for (int i = 0; i < values.Length; i++)
        {
            double x = double.CreateChecked(values[i]);
            pass[i] = x >= low && x <= high ? (byte)1 : (byte)0;
            values[i] = T.CreateChecked(p.Dequantize(p.QuantizeInt8(x)));
        }
    }
}
