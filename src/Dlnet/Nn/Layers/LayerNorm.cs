using System.Numerics;

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
        InputSize = OutputSize = size;
        Gain = store.Add(name + ".gain", size);
        Bias = store.Add(name + ".bias", size);
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public ParameterTensor Gain { get; }

    public ParameterTensor Bias { get; }

    /// <summary>The eps of rstd = 1/sqrt(var + eps).</summary>
    public T Epsilon => _epsilon;

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

    /// <summary>y, x: [batch, n]; mean, rstd: [batch] (written); gain, bias: [n].</summary>
    public static void Forward(Span<T> y, Span<T> mean, Span<T> rstd, ReadOnlySpan<T> x, ReadOnlySpan<T> gain,
        ReadOnlySpan<T> bias, int batch, int n, T epsilon)
    {
        T invN = T.One / T.CreateChecked(n);
        for (int b = 0; b < batch; b++)
        {
            var xr = x.Slice(b * n, n);
            var yr = y.Slice(b * n, n);
            T m = T.Zero;
            for (int i = 0; i < n; i++) m += xr[i];
            m *= invN;
            T v = T.Zero;
            for (int i = 0; i < n; i++) { T d = xr[i] - m; v += d * d; }
            T s = T.One / T.Sqrt(v * invN + epsilon);
            for (int i = 0; i < n; i++) yr[i] = (xr[i] - m) * s * gain[i] + bias[i];
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
        for (int b = 0; b < batch; b++)
        {
            var xr = x.Slice(b * n, n);
            var dyr = dy.Slice(b * n, n);
            T m = mean[b], s = rstd[b];
            T gMean = T.Zero, gxMean = T.Zero;
            for (int i = 0; i < n; i++)
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
            for (int i = 0; i < n; i++)
            {
                T xhat = (xr[i] - m) * s;
                dxr[i] = s * (dyr[i] * gain[i] - gMean - xhat * gxMean);
            }
        }
    }
}
