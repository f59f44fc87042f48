using System.Numerics;
using System.Numerics.Tensors;

namespace Dlnet.Training;

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
        if (maxNorm > 0 && double.IsFinite(maxNorm) && norm > maxNorm)
            TensorPrimitives.Multiply(gradient, T.CreateChecked(maxNorm / (norm + 1e-6)), gradient);
        return norm;
    }

    /// <summary>
    /// <see cref="ClipByGlobalNorm{T}(Span{T}, double)"/> over two spans taken as one vector (a network's
    /// gradient and that of parameters trained with it); returns the joint norm before clipping.
    /// </summary>
    public static double ClipByGlobalNorm<T>(Span<T> first, Span<T> second, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double a = double.CreateChecked(TensorPrimitives.Norm<T>(first));
        double b = double.CreateChecked(TensorPrimitives.Norm<T>(second));
        double norm = Math.Sqrt(a * a + b * b);
        if (maxNorm > 0 && double.IsFinite(maxNorm) && norm > maxNorm)
        {
            T scale = T.CreateChecked(maxNorm / (norm + 1e-6));
            TensorPrimitives.Multiply(first, scale, first);
            TensorPrimitives.Multiply(second, scale, second);
        }
        return norm;
    }
}
