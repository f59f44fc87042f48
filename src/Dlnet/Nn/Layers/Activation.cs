using System.Numerics;
using System.Numerics.Tensors;

namespace Dlnet.Nn.Layers;

/// <summary>Element-wise nonlinearities.</summary>
public enum ActivationKind
{
    ReLU,
    Tanh,
    Sigmoid,

    /// <summary>1.7159 tanh(0.666 x), the scaled tanh of LeCun's efficient backprop (used by CfC).</summary>
    LeCunTanh,
}

/// <summary>
/// An element-wise nonlinearity as a layer. Each derivative is written from the output y, so the
/// backward pass needs no recomputation: ReLU 1[y &gt; 0], tanh 1 - y^2, sigmoid y(1 - y),
/// LeCun tanh 1.7159*0.666*(1 - (y/1.7159)^2).
/// </summary>
public sealed class Activation<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T LeCunScale = T.CreateChecked(1.7159);
    private static readonly T LeCunSlope = T.CreateChecked(0.666);

    public Activation(ActivationKind kind, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Kind = kind;
        InputSize = OutputSize = size;
    }

    public ActivationKind Kind { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    public int StateSize(int maxBatch) => 0;

    public void Initialize(Random rng) { }

    public void Forward(Span<T> y, ReadOnlySpan<T> x, Span<T> state, int batch, LayerPass pass) =>
        Forward(Kind, y[..(batch * InputSize)], x[..(batch * InputSize)]);

    public void Backward(Span<T> dx, Span<T> parameterGradient, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        Span<T> state, int batch)
    {
        if (dx.IsEmpty) return;
        int n = batch * InputSize;
        Backward(Kind, dx[..n], dy[..n], y[..n]);
    }

    /// <summary>y = f(x), element-wise; y may alias x.</summary>
    public static void Forward(ActivationKind kind, Span<T> y, ReadOnlySpan<T> x)
    {
        switch (kind)
        {
            case ActivationKind.ReLU: TensorPrimitives.Max(x, T.Zero, y); break;
            case ActivationKind.Tanh: TensorPrimitives.Tanh(x, y); break;
            case ActivationKind.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
            case ActivationKind.LeCunTanh:
                TensorPrimitives.Multiply(x, LeCunSlope, y);
                TensorPrimitives.Tanh(y, y);
                TensorPrimitives.Multiply(y, LeCunScale, y);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>dx = dy * f'(x), with f' written in terms of y = f(x).</summary>
    public static void Backward(ActivationKind kind, Span<T> dx, ReadOnlySpan<T> dy, ReadOnlySpan<T> y)
    {
        T scale = LeCunScale * LeCunSlope, invScale = T.One / LeCunScale;
        for (int i = 0; i < dx.Length; i++)
        {
            T v = y[i];
            dx[i] = kind switch
            {
                ActivationKind.ReLU => v > T.Zero ? dy[i] : T.Zero,
                ActivationKind.Tanh => dy[i] * (T.One - v * v),
                ActivationKind.Sigmoid => dy[i] * v * (T.One - v),
                _ => dy[i] * scale * (T.One - (v * invScale) * (v * invScale)),
            };
        }
    }
}
