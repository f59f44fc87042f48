using System.Numerics;
using System.Numerics.Tensors;

namespace Dlnet.Nn.Kernels;

/// <summary>
/// Fully connected kernels: y = x W^T + b with W stored [outputs, inputs] row-major, so each output
/// is a dot product of two contiguous rows. Batch-major activations: x [batch, inputs], y [batch, outputs].
/// <para>
/// The fast forward pass wants W^T [inputs, outputs] so that a row of y is built from broadcast
/// scalars of x times contiguous rows of W^T (see <see cref="Gemm"/>); callers that own scratch space
/// transpose once per pass with <see cref="Transpose"/> and call <see cref="ForwardTransposed"/>.
/// The backward pass needs no transpose.
/// </para>
/// </summary>
public static class Linear
{
    /// <summary>y[b,o] = bias[o] + sum_i x[b,i] W[o,i]. <paramref name="bias"/> may be empty (no bias).
    /// Needs no scratch; slower than <see cref="ForwardTransposed"/> for large layers.</summary>
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

    /// <summary>weightTransposed [inputs, outputs] = weight [outputs, inputs] transposed.</summary>
    public static void Transpose<T>(Span<T> weightTransposed, ReadOnlySpan<T> weight, int inputs, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        weightTransposed = weightTransposed[..(inputs * outputs)];
        weight = weight[..(inputs * outputs)];
        // Blocks of 16 x 16 keep both the rows read and the rows written in cache.
        const int block = 16;
        for (int o0 = 0; o0 < outputs; o0 += block)
        {
            int o1 = Math.Min(outputs, o0 + block);
            for (int i0 = 0; i0 < inputs; i0 += block)
            {
                int i1 = Math.Min(inputs, i0 + block);
                for (int o = o0; o < o1; o++)
                for (int i = i0; i < i1; i++)
                    weightTransposed[i * outputs + o] = weight[o * inputs + i];
            }
        }
    }

    /// <summary>y[b,o] = bias[o] + sum_i x[b,i] W^T[i,o], with W^T from <see cref="Transpose"/>.
    /// <paramref name="bias"/> may be empty.</summary>
    public static void ForwardTransposed<T>(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> weightTransposed,
        ReadOnlySpan<T> bias, int batch, int inputs, int outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        y = y[..(batch * outputs)];
        if (bias.IsEmpty) y.Clear();
        else for (int b = 0; b < batch; b++) bias[..outputs].CopyTo(y.Slice(b * outputs, outputs));
        Gemm.MultiplyAdd(y, outputs, x, inputs, 1, weightTransposed, outputs, batch, outputs, inputs, T.One);
    }

    /// <summary>
    /// Adds the gradients of y = x W^T + b: dx += dy W (skipped when <paramref name="dx"/> is empty),
    /// dW += dy^T x, db += sum over the batch of dy (skipped when <paramref name="dBias"/> is empty).
    /// </summary>
    public static void Backward<T>(Span<T> dx, Span<T> dWeight, Span<T> dBias, ReadOnlySpan<T> dy,
        ReadOnlySpan<T> x, ReadOnlySpan<T> weight, int batch, int inputs, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!dx.IsEmpty)
            Gemm.MultiplyAdd(dx, inputs, dy, outputs, 1, weight, inputs, batch, inputs, outputs, T.One);
        // dW [outputs, inputs]: A = dy^T read with strides (1, outputs), so no transposed copy of dy.
        Gemm.MultiplyAdd(dWeight, inputs, dy, 1, outputs, x, inputs, outputs, inputs, batch, T.One);
        if (!dBias.IsEmpty)
            for (int b = 0; b < batch; b++) TensorPrimitives.Add(dBias[..outputs], dy.Slice(b * outputs, outputs), dBias[..outputs]);
    }
}
