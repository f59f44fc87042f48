using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dlnet.Nn.Kernels;

/// <summary>
/// Register-blocked matrix multiply-accumulate C += alpha * A B, the one kernel behind the dense
/// layers' forward, input-gradient and weight-gradient passes.
/// <para>
/// C [m, n] and B [k, n] are row-major with leading dimensions <c>ldc</c>, <c>ldb</c>; A is read
/// through two strides, A[i, p] = a[i * aRow + p * aCol], so a transposed operand (dY^T in the
/// weight gradient) costs nothing. A tile of 4 rows by two SIMD vectors of columns keeps 8
/// accumulators in registers while k runs: each step loads two vectors of B and broadcasts four
/// scalars of A for eight fused multiply-adds. Columns that do not fill a vector fall to a scalar tail.
/// </para>
/// </summary>
public static class Gemm
{
    private const int RowTile = 4;

    /// <summary>
    /// c[i*ldc + j] += alpha * sum_p a[i*aRow + p*aCol] * b[p*ldb + j] for i &lt; m, j &lt; n, p &lt; k.
    /// Spans must be long enough for the addressed entries; C must not overlap A or B.
    /// </summary>
    public static void MultiplyAdd<T>(Span<T> c, int ldc, ReadOnlySpan<T> a, int aRow, int aCol,
        ReadOnlySpan<T> b, int ldb, int m, int n, int k, T alpha) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m <= 0 || n <= 0 || k <= 0) return;
        CheckExtent(c.Length, (m - 1) * ldc + n, nameof(c));
        CheckExtent(a.Length, (m - 1) * aRow + (k - 1) * aCol + 1, nameof(a));
        CheckExtent(b.Length, (k - 1) * ldb + n, nameof(b));

        ref T cRef = ref MemoryMarshal.GetReference(c);
        ref T aRef = ref MemoryMarshal.GetReference(a);
        ref T bRef = ref MemoryMarshal.GetReference(b);
        int w = Vector<T>.Count;

        int j = 0;
        // B's column panel stays hot in L1 while every row tile of A streams past it.
        for (; j + 2 * w <= n; j += 2 * w)
        {
            int i = 0;
            for (; i + RowTile <= m; i += RowTile) Tile4x2(ref cRef, ldc, ref aRef, aRow, aCol, ref bRef, ldb, i, j, k, alpha);
            for (; i < m; i++) Tile1x2(ref cRef, ldc, ref aRef, aRow, aCol, ref bRef, ldb, i, j, k, alpha);
        }
        for (; j + w <= n; j += w)
        {
            int i = 0;
            for (; i + RowTile <= m; i += RowTile) Tile4x1(ref cRef, ldc, ref aRef, aRow, aCol, ref bRef, ldb, i, j, k, alpha);
            for (; i < m; i++) Tile1x1(ref cRef, ldc, ref aRef, aRow, aCol, ref bRef, ldb, i, j, k, alpha);
        }
        for (; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                T acc = T.Zero;
                nint ai = (nint)i * aRow;
                for (int p = 0; p < k; p++)
                    acc = T.FusedMultiplyAdd(Unsafe.Add(ref aRef, ai + (nint)p * aCol), Unsafe.Add(ref bRef, (nint)p * ldb + j), acc);
                ref T cij = ref Unsafe.Add(ref cRef, (nint)i * ldc + j);
                cij = T.FusedMultiplyAdd(alpha, acc, cij);
            }
        }
    }

    private static void CheckExtent(int length, int needed, string name)
    {
        if (length < needed) throw new ArgumentException($"span holds {length} values, the product addresses {needed}", name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> x, Vector<T> y, Vector<T> acc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), acc.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), acc.As<T, double>()).As<double, T>();
        return x * y + acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Load<T>(ref T origin, nint offset) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.LoadUnsafe(ref origin, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled<T>(ref T origin, nint offset, Vector<T> acc, Vector<T> alpha) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.StoreUnsafe(Fma(alpha, acc, Load(ref origin, offset)), ref origin, (nuint)offset);

    private static void Tile4x2<T>(ref T c, int ldc, ref T a, int aRow, int aCol, ref T b, int ldb, int i, int j, int k, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count;
        Vector<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<T> c20 = default, c21 = default, c30 = default, c31 = default;
        nint a0 = (nint)i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        nint bp = j;
        for (int p = 0; p < k; p++, a0 += aCol, a1 += aCol, a2 += aCol, a3 += aCol, bp += ldb)
        {
            var b0 = Load(ref b, bp);
            var b1 = Load(ref b, bp + w);
            var x = new Vector<T>(Unsafe.Add(ref a, a0));
            c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = new Vector<T>(Unsafe.Add(ref a, a1));
            c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = new Vector<T>(Unsafe.Add(ref a, a2));
            c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = new Vector<T>(Unsafe.Add(ref a, a3));
            c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
        }
        var s = new Vector<T>(alpha);
        nint r = (nint)i * ldc + j;
        AddScaled(ref c, r, c00, s); AddScaled(ref c, r + w, c01, s); r += ldc;
        AddScaled(ref c, r, c10, s); AddScaled(ref c, r + w, c11, s); r += ldc;
        AddScaled(ref c, r, c20, s); AddScaled(ref c, r + w, c21, s); r += ldc;
        AddScaled(ref c, r, c30, s); AddScaled(ref c, r + w, c31, s);
    }

    private static void Tile1x2<T>(ref T c, int ldc, ref T a, int aRow, int aCol, ref T b, int ldb, int i, int j, int k, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count;
        Vector<T> c00 = default, c01 = default;
        nint a0 = (nint)i * aRow, bp = j;
        for (int p = 0; p < k; p++, a0 += aCol, bp += ldb)
        {
            var x = new Vector<T>(Unsafe.Add(ref a, a0));
            c00 = Fma(x, Load(ref b, bp), c00);
            c01 = Fma(x, Load(ref b, bp + w), c01);
        }
        var s = new Vector<T>(alpha);
        nint r = (nint)i * ldc + j;
        AddScaled(ref c, r, c00, s); AddScaled(ref c, r + w, c01, s);
    }

    private static void Tile4x1<T>(ref T c, int ldc, ref T a, int aRow, int aCol, ref T b, int ldb, int i, int j, int k, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> c0 = default, c1 = default, c2 = default, c3 = default;
        nint a0 = (nint)i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        nint bp = j;
        for (int p = 0; p < k; p++, a0 += aCol, a1 += aCol, a2 += aCol, a3 += aCol, bp += ldb)
        {
            var b0 = Load(ref b, bp);
            c0 = Fma(new Vector<T>(Unsafe.Add(ref a, a0)), b0, c0);
            c1 = Fma(new Vector<T>(Unsafe.Add(ref a, a1)), b0, c1);
            c2 = Fma(new Vector<T>(Unsafe.Add(ref a, a2)), b0, c2);
            c3 = Fma(new Vector<T>(Unsafe.Add(ref a, a3)), b0, c3);
        }
        var s = new Vector<T>(alpha);
        nint r = (nint)i * ldc + j;
        AddScaled(ref c, r, c0, s); r += ldc;
        AddScaled(ref c, r, c1, s); r += ldc;
        AddScaled(ref c, r, c2, s); r += ldc;
        AddScaled(ref c, r, c3, s);
    }

    private static void Tile1x1<T>(ref T c, int ldc, ref T a, int aRow, int aCol, ref T b, int ldb, int i, int j, int k, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> c0 = default;
        nint a0 = (nint)i * aRow, bp = j;
        for (int p = 0; p < k; p++, a0 += aCol, bp += ldb)
            c0 = Fma(new Vector<T>(Unsafe.Add(ref a, a0)), Load(ref b, bp), c0);
        AddScaled(ref c, (nint)i * ldc + j, c0, new Vector<T>(alpha));
    }
}
