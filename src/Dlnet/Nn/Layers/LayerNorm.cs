using System.Numerics;
using System.Numerics.Tensors;

namespace Dlnet.Nn.Layers;

/// <summary>
/// Layer normalisation over each sample's features with learnable gain and bias:
/// y = (x - mean) * rstd * gain + bias, rstd = 1/sqrt(var + eps), var the biased variance.
/// State: mean and rstd of each sample, so the backward pass does not recompute them.
/// </summary>
public sealed class LayerNorm<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterStore<T> _store;
    private readonly T _epsilon;

    public LayerNorm(ParameterStore<T> store, string name, int size, double epsilon = 1e-5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _store = store;
        _epsilon = T.CreateChecked(epsilon);
        Epsilon = epsilon;
        InputSize = OutputSize = size;
        Gain = store.Add(name + ".gain", size);
        Bias = store.Add(name + ".bias", size);
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>The eps added to the variance.</summary>
    public double Epsilon { get; }

    public ParameterTensor Gain { get; }

    public ParameterTensor Bias { get; }

    public int StateSize(int maxBatch) => 2 * maxBatch;

    public void Initialize(Random rng)
    {
        _store[Gain].Fill(T.One);
        _store[Bias].Clear();
    }

    public void Forward(Span<T> y, ReadOnlySpan<T> x, Span<T> state, int batch, LayerPass pass) =>
        Forward(y, state[..batch], state.Slice(batch, batch), x, _store[Gain], _store[Bias], batch, InputSize, _epsilon);

    public void Backward(Span<T> dx, Span<T> parameterGradient, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        Span<T> state, int batch) =>
        Backward(dx, parameterGradient.Slice(Gain.Offset, Gain.Length), parameterGradient.Slice(Bias.Offset, Bias.Length),
            dy, x, state[..batch], state.Slice(batch, batch), _store[Gain], batch, InputSize);

    /// <summary>y, x: [batch, n] (not aliased); mean, rstd: [batch] (written); gain, bias: [n].</summary>
    public static void Forward(Span<T> y, Span<T> mean, Span<T> rstd, ReadOnlySpan<T> x, ReadOnlySpan<T> gain,
        ReadOnlySpan<T> bias, int batch, int n, T epsilon)
    {
        T invN = T.One / T.CreateChecked(n);
        gain = gain[..n];
        bias = bias[..n];
        for (int b = 0; b < batch; b++)
        {
            var xr = x.Slice(b * n, n);
            var yr = y.Slice(b * n, n);
            T m = TensorPrimitives.Sum(xr) * invN;
            TensorPrimitives.Subtract(xr, m, yr);
            T s = T.One / T.Sqrt(TensorPrimitives.SumOfSquares<T>(yr) * invN + epsilon);
            TensorPrimitives.Multiply(yr, s, yr);
            TensorPrimitives.FusedMultiplyAdd(yr, gain, bias, yr);
            mean[b] = m;
            rstd[b] = s;
        }
    }

    /// <summary>
    /// dGain += sum dy*xhat, dBias += sum dy, and (unless empty) dx = rstd*(g - mean(g) - xhat*mean(g*xhat))
    /// with g = dy*gain, xhat the normalised input.
    /// </summary>
    public static void Backward(Span<T> dx, Span<T> dGain, Span<T> dBias, ReadOnlySpan<T> dy, ReadOnlySpan<T> x,
        ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, ReadOnlySpan<T> gain, int batch, int n)
    {
        T invN = T.One / T.CreateChecked(n);
        int w = Vector<T>.Count;
        gain = gain[..n];
        dGain = dGain[..n];
        dBias = dBias[..n];
        for (int b = 0; b < batch; b++)
        {
            var xr = x.Slice(b * n, n);
            var dyr = dy.Slice(b * n, n);
            T m = mean[b], s = rstd[b];
            var mv = new Vector<T>(m);
            var sv = new Vector<T>(s);
            var gSum = Vector<T>.Zero;
            var gxSum = Vector<T>.Zero;
            int i = 0;
            for (; i + w <= n; i += w)
            {
                var xhat = (new Vector<T>(xr[i..]) - mv) * sv;
                var d = new Vector<T>(dyr[i..]);
                var g = d * new Vector<T>(gain[i..]);
                gSum += g;
                gxSum += g * xhat;
                (new Vector<T>(dGain[i..]) + d * xhat).CopyTo(dGain[i..]);
                (new Vector<T>(dBias[i..]) + d).CopyTo(dBias[i..]);
            }
            T gMean = Vector.Sum(gSum), gxMean = Vector.Sum(gxSum);
            for (; i < n; i++)
            {
                T xhat = (xr[i] - m) * s;
                T g = dyr[i] * gain[i];
                gMean += g;
                gxMean += g * xhat;
                dGain[i] += dyr[i] * xhat;
                dBias[i] += dyr[i];
            }
            if (dx.IsEmpty) continue;
            gMean *= invN;
            gxMean *= invN;
            var dxr = dx.Slice(b * n, n);
            var gm = new Vector<T>(gMean);
            var gxm = new Vector<T>(gxMean);
            i = 0;
            for (; i + w <= n; i += w)
            {
                var xhat = (new Vector<T>(xr[i..]) - mv) * sv;
                (sv * (new Vector<T>(dyr[i..]) * new Vector<T>(gain[i..]) - gm - xhat * gxm)).CopyTo(dxr[i..]);
            }
            for (; i < n; i++)
            {
                T xhat = (xr[i] - m) * s;
                dxr[i] = s * (dyr[i] * gain[i] - gMean - xhat * gxMean);
            }
        }
    }
}
