using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        int o0 = 0, i0 = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            // 8 x 8 blocks in registers; the fast forward pass transposes every weight once per batch.
            var src = MemoryMarshal.Cast<T, float>(weight);
            var dst = MemoryMarshal.Cast<T, float>(weightTransposed);
            int o8 = outputs & ~7, i8 = inputs & ~7;
            for (int o = 0; o < o8; o += 8)
                for (int i = 0; i < i8; i += 8)
                    Transpose8x8(dst, o + i * outputs, outputs, src, i + o * inputs, inputs);
            // The strips left over are done element by element below.
            TransposeScalar(weightTransposed, weight, inputs, outputs, o8, outputs, 0, inputs);
            TransposeScalar(weightTransposed, weight, inputs, outputs, 0, o8, i8, inputs);
            return;
        }
        TransposeScalar(weightTransposed, weight, inputs, outputs, o0, outputs, i0, inputs);
    }

    private static void TransposeScalar<T>(Span<T> weightTransposed, ReadOnlySpan<T> weight, int inputs, int outputs,
        int oFrom, int oTo, int iFrom, int iTo) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Blocks of 16 x 16 keep both the rows read and the rows written in cache.
        const int block = 16;
        for (int ob = oFrom; ob < oTo; ob += block)
        {
            int oe = Math.Min(oTo, ob + block);
            for (int ib = iFrom; ib < iTo; ib += block)
            {
                int ie = Math.Min(iTo, ib + block);
                for (int o = ob; o < oe; o++)
                for (int i = ib; i < ie; i++)
                    weightTransposed[i * outputs + o] = weight[o * inputs + i];
            }
        }
    }

    /// <summary>dst[r * dstStride + c] = src[c * srcStride + r] for an 8 x 8 block (unpack, shuffle, swap lanes).</summary>
    private static void Transpose8x8(Span<float> dst, int dstStart, int dstStride, ReadOnlySpan<float> src, int srcStart, int srcStride)
    {
        ref float s = ref Unsafe.Add(ref MemoryMarshal.GetReference(src), srcStart);
        ref float d = ref Unsafe.Add(ref MemoryMarshal.GetReference(dst), dstStart);
        var r0 = Vector256.LoadUnsafe(ref s);
        var r1 = Vector256.LoadUnsafe(ref s, (nuint)srcStride);
        var r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * srcStride));
        var r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * srcStride));
        var r4 = Vector256.LoadUnsafe(ref s, (nuint)(4 * srcStride));
        var r5 = Vector256.LoadUnsafe(ref s, (nuint)(5 * srcStride));
        var r6 = Vector256.LoadUnsafe(ref s, (nuint)(6 * srcStride));
        var r7 = Vector256.LoadUnsafe(ref s, (nuint)(7 * srcStride));
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, (nuint)dstStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, (nuint)(2 * dstStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, (nuint)(3 * dstStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, (nuint)(4 * dstStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, (nuint)(5 * dstStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, (nuint)(6 * dstStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, (nuint)(7 * dstStride));
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
