using System.Numerics;
using System.Numerics.Tensors;

namespace Dlnet.Nn.Kernels;

/// <summary>
/// Fully connected kernels: y = x W^T + b with W stored [outputs, inputs] row-major, so each output
/// is a dot product of two contiguous rows. Batch-major activations: x [batch, inputs], y [batch, outputs].
/// </summary>
public static class Linear
{
    /// <summary>y[b,o] = bias[o] + sum_i x[b,i] W[o,i]. <paramref name="bias"/> may be empty (no bias).</summary>
    public static void Forward<T>(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias,
        int batch, int inputs, int outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int b = 0; b < batch; b++)
        {
            var xRow = x.Slice(b * inputs, inputs);
            var yRow = y.Slice(b * outputs, outputs);
            for (int o = 0; o < outputs; o++)
            {
                T acc = TensorPrimitives.Dot(xRow, weight.Slice(o * inputs, inputs));
                yRow[o] = bias.IsEmpty ? acc : acc + bias[o];
            }
        }
    }

    /// <summary>
    /// Adds the gradients of y = x W^T + b: dx += dy W (skipped when <paramref name="dx"/> is empty),
    /// dW += dy^T x, db += sum over the batch of dy (skipped when <paramref name="dBias"/> is empty).
    /// </summary>
    public static void Backward<T>(Span<T> dx, Span<T> dWeight, Span<T> dBias, ReadOnlySpan<T> dy,
        ReadOnlySpan<T> x, ReadOnlySpan<T> weight, int batch, int inputs, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int b = 0; b < batch; b++)
        {
            var xRow = x.Slice(b * inputs, inputs);
            var dyRow = dy.Slice(b * outputs, outputs);
            for (int o = 0; o < outputs; o++)
            {
                T g = dyRow[o];
                if (g == T.Zero) continue;
                var dwRow = dWeight.Slice(o * inputs, inputs);
                TensorPrimitives.MultiplyAdd(xRow, g, dwRow, dwRow);
                if (!dx.IsEmpty)
                {
                    var dxRow = dx.Slice(b * inputs, inputs);
                    TensorPrimitives.MultiplyAdd(weight.Slice(o * inputs, inputs), g, dxRow, dxRow);
                }
            }
            if (!dBias.IsEmpty) TensorPrimitives.Add(dBias, dyRow, dBias);
        }
    }
}
