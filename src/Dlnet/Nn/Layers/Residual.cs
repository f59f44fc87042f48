using System.Numerics;

namespace Dlnet.Nn.Layers;

/// <summary>
/// Residual connections y = a + r*b (r = 1 for a plain skip), element-wise over equal-length spans.
/// The scale r is a learnable scalar in the liquid networks (x = x_T + r*x0).
/// </summary>
public static class Residual
{
    /// <summary>y = a + r*b.</summary>
    public static void Forward<T>(Span<T> y, ReadOnlySpan<T> a, ReadOnlySpan<T> b, T r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++) y[i] = T.FusedMultiplyAdd(r, b[i], a[i]);
    }

    /// <summary>
    /// da += dy, db += r*dy (each skipped when empty); returns dL/dr = sum dy*b for the caller to add.
    /// </summary>
    public static T Backward<T>(Span<T> da, Span<T> db, ReadOnlySpan<T> dy, ReadOnlySpan<T> b, T r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T dr = T.Zero;
        for (int i = 0; i < dy.Length; i++)
        {
            if (!da.IsEmpty) da[i] += dy[i];
            if (!db.IsEmpty) db[i] += r * dy[i];
            dr += dy[i] * b[i];
        }
        return dr;
    }
}
