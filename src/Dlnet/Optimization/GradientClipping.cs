using System.Numerics;
using System.Numerics.Tensors;

namespace Dlnet.Optimization;

/// <summary>Clipping of the whole gradient by its global L2 norm, as one vector over all parameters.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradient"/> by maxNorm / (norm + 1e-6) when its L2 norm exceeds
    /// <paramref name="maxNorm"/>, and returns the norm before clipping. A non-positive or infinite
    /// <paramref name="maxNorm"/> disables clipping.
    /// </summary>
    public static double ClipByGlobalNorm<T>(Span<T> gradient, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double norm = double.CreateChecked(TensorPrimitives.Norm<T>(gradient));
        double scale = ScaleFor(norm, maxNorm);
        if (scale != 1) TensorPrimitives.Multiply(gradient, T.CreateChecked(scale), gradient);
        return norm;
    }

    /// <summary>
    /// The factor clipping multiplies a gradient of L2 norm <paramref name="norm"/> by: maxNorm / (norm + 1e-6)
    /// above <paramref name="maxNorm"/>, else 1 (also when clipping is disabled). For an optimiser that
    /// applies it on the fly, saving a pass over the gradient.
    /// </summary>
    public static double ScaleFor(double norm, double maxNorm) =>
        maxNorm > 0 && double.IsFinite(maxNorm) && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;

    /// <summary>The L2 norm of two spans taken as one vector.</summary>
    public static double GlobalNorm<T>(ReadOnlySpan<T> first, ReadOnlySpan<T> second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double a = double.CreateChecked(TensorPrimitives.Norm<T>(first));
        double b = double.CreateChecked(TensorPrimitives.Norm<T>(second));
        return Math.Sqrt(a * a + b * b);
    }

    /// <summary>
    /// <see cref="ClipByGlobalNorm{T}(Span{T}, double)"/> over two spans taken as one vector (a network's
    /// gradient and that of parameters trained with it); returns the joint norm before clipping.
    /// </summary>
    public static double ClipByGlobalNorm<T>(Span<T> first, Span<T> second, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double norm = GlobalNorm<T>(first, second);
        double scale = ScaleFor(norm, maxNorm);
        if (scale != 1)
        {
            TensorPrimitives.Multiply(first, T.CreateChecked(scale), first);
            TensorPrimitives.Multiply(second, T.CreateChecked(scale), second);
        }
        return norm;
    }
}
