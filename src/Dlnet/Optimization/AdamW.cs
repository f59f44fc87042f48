using System.Numerics;

namespace Dlnet.Optimization;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter): each step first shrinks every parameter by
/// lr x weightDecay, then moves it by the bias-corrected first moment over the root of the bias-corrected
/// second moment. Works on the single span of a <see cref="Nn.ParameterStore{T}"/>; both moments are
/// allocated once, when the optimiser is made.
/// </summary>
public sealed class AdamW<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _m;
    private readonly T[] _v;

    /// <summary>An optimiser for <paramref name="parameterCount"/> parameters; the defaults are Adam's published ones.</summary>
    /// <param name="parameterCount">Length of the parameter span every step updates.</param>
    /// <param name="weightDecay">Decoupled decay: each step multiplies the parameters by 1 - lr x weightDecay.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Added to the root of the second moment.</param>
    /// <param name="threads">Threads a step is spread over; the update is element-wise, so the result is the same for any count.</param>
    public AdamW(int parameterCount, double weightDecay = 1e-4, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must lie in [0, 1)");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must lie in [0, 1)");
        _m = new T[parameterCount];
        _v = new T[parameterCount];
        WeightDecay = weightDecay;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        Threads = threads;
    }

    public double WeightDecay { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public int Threads { get; }

    /// <summary>Steps taken so far; the bias correction of step t divides by 1 - beta^t.</summary>
    public int StepCount { get; private set; }

    /// <summary>
    /// One update of <paramref name="parameters"/> from <paramref name="gradient"/> (same layout) at
    /// <paramref name="learningRate"/>; the gradient is taken times <paramref name="gradientScale"/> (the
    /// factor of gradient clipping), exactly as if it had been multiplied first.
    /// </summary>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, double gradientScale = 1)
    {
        if (parameters.Length != _m.Length || gradient.Length != _m.Length)
            throw new ArgumentException($"expected {_m.Length} parameters and gradients, got {parameters.Length} and {gradient.Length}");
        StepCount++;
        // Scalars in double, so that the bias corrections of early steps are exact whatever T is.
        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        var step = new Coefficients(
            T.CreateChecked(1 - learningRate * WeightDecay),
            T.CreateChecked(Beta1), T.CreateChecked(1 - Beta1),
            T.CreateChecked(Beta2), T.CreateChecked(1 - Beta2),
            T.CreateChecked(learningRate / correction1),
            T.CreateChecked(Math.Sqrt(correction2)),
            T.CreateChecked(Epsilon),
            T.CreateChecked(gradientScale), gradientScale != 1);

        // A step streams four vectors of the model's size through memory; on models of 10^5 parameters and
        // more, cores working on disjoint chunks finish it sooner.
        int chunks = parameters.Length >= ParallelThreshold ? Threads : 1;
        if (chunks == 1)
        {
            Update(parameters, gradient, _m, _v, step);
            return;
        }
        int chunk = (parameters.Length + chunks - 1) / chunks;
        chunk = (chunk + 63) & ~63;
        unsafe
        {
            fixed (T* p = parameters)
            fixed (T* g = gradient)
            {
                nint pp = (nint)p, gp = (nint)g;
                int length = parameters.Length;
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
                {
                    int start = c * chunk, count = Math.Min(chunk, length - start);
                    if (count <= 0) return;
                    Update(new Span<T>((T*)pp + start, count), new ReadOnlySpan<T>((T*)gp + start, count),
                        _m.AsSpan(start, count), _v.AsSpan(start, count), step);
                });
            }
        }
    }

    private const int ParallelThreshold = 1 << 16;

    private readonly record struct Coefficients(T Decay, T B1, T OneMinusB1, T B2, T OneMinusB2, T StepSize, T RootCorrection2, T Eps,
        T GradientScale, bool Scaled);

    private static void Update(Span<T> parameters, ReadOnlySpan<T> gradient, Span<T> ms, Span<T> vs, in Coefficients k)
    {
        T decay = k.Decay, b1 = k.B1, oneMinusB1 = k.OneMinusB1, b2 = k.B2, oneMinusB2 = k.OneMinusB2;
        T stepSize = k.StepSize, rootCorrection2 = k.RootCorrection2, eps = k.Eps, scale = k.GradientScale;
        bool scaled = k.Scaled;
        // The same operations in the same order lane by lane, so the vector body and the scalar tail agree
        // bit for bit with a plain loop (no fused multiply-add).
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vb1 = new Vector<T>(b1); var v1b1 = new Vector<T>(oneMinusB1);
            var vb2 = new Vector<T>(b2); var v1b2 = new Vector<T>(oneMinusB2);
            var vdecay = new Vector<T>(decay); var vstep = new Vector<T>(stepSize);
            var vroot = new Vector<T>(rootCorrection2); var veps = new Vector<T>(eps);
            var vscale = new Vector<T>(scale);
            for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var g = new Vector<T>(gradient[i..]);
                if (scaled) g *= vscale;
                var m = vb1 * new Vector<T>(ms[i..]) + v1b1 * g;
                var v = vb2 * new Vector<T>(vs[i..]) + v1b2 * g * g;
                m.CopyTo(ms[i..]);
                v.CopyTo(vs[i..]);
                var p = new Vector<T>(parameters[i..]);
                (p * vdecay - vstep * m / (Vector.SquareRoot(v) / vroot + veps)).CopyTo(parameters[i..]);
            }
        }
        for (; i < parameters.Length; i++)
        {
            T g = scaled ? gradient[i] * scale : gradient[i];
            T m = ms[i] = b1 * ms[i] + oneMinusB1 * g;
            T v = vs[i] = b2 * vs[i] + oneMinusB2 * g * g;
            // p - lr * mhat / (sqrt(vhat) + eps), with mhat = m / c1 and sqrt(vhat) = sqrt(v) / sqrt(c2).
            parameters[i] = parameters[i] * decay - stepSize * m / (T.Sqrt(v) / rootCorrection2 + eps);
        }
    }

    /// <summary>Forgets both moments and the step count, as if newly made.</summary>
    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        StepCount = 0;
    }
}
