using System.Numerics;

namespace Dlnet.Nn.Recurrent;

/// <summary>Scalar activations of the recurrent cells, each with the derivative its backward pass uses.</summary>
internal static class CellMath
{
    /// <summary>LeCun's scaled tanh, 1.7159 tanh(0.666 x): unit variance for unit-variance inputs.</summary>
    public const double LeCunScale = 1.7159;
    public const double LeCunSlope = 0.666;

    public static T Sigmoid<T>(T x) where T : IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));

    /// <summary>log(1 + e^x), written so that neither branch overflows.</summary>
    public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> =>
        x > T.Zero ? x + T.Log(T.One + T.Exp(-x)) : T.Log(T.One + T.Exp(x));

    /// <summary>The raw value whose softplus is <paramref name="y"/> (y &gt; 0).</summary>
    public static double InverseSoftplus(double y) => y > 30 ? y : Math.Log(Math.Exp(y) - 1);

    /// <summary>Uniform draws in [lo, hi).</summary>
    public static void Uniform<T>(Span<T> destination, Random rng, double lo, double hi) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = T.CreateChecked(lo + (hi - lo) * rng.NextDouble());
    }

    /// <summary>Glorot/Xavier uniform for a [outputs, inputs] weight: bound sqrt(6 / (inputs + outputs)).</summary>
    public static void XavierUniform<T>(Span<T> weight, Random rng, int inputs, int outputs) where T : IFloatingPointIeee754<T>
    {
        double bound = Math.Sqrt(6.0 / (inputs + outputs));
        Uniform(weight, rng, -bound, bound);
    }
}

/// <summary>Views of one tensor inside the flat parameter (or gradient) array.</summary>
internal static class ParameterSpans
{
    public static ReadOnlySpan<T> View<T>(this ParameterTensor tensor, ReadOnlySpan<T> all) => all.Slice(tensor.Offset, tensor.Length);

    public static Span<T> Slot<T>(this ParameterTensor tensor, Span<T> all) => all.Slice(tensor.Offset, tensor.Length);
}
