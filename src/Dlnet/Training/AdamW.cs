using System.Numerics;

namespace Dlnet.Training;

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

    public AdamW(int parameterCount, double weightDecay = 1e-4, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
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
    }

    public double WeightDecay { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    /// <summary>Steps taken so far; the bias correction of step t divides by 1 - beta^t.</summary>
    public int StepCount { get; private set; }

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradient"/> (same layout) at <paramref name="learningRate"/>.</summary>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        if (parameters.Length != _m.Length || gradient.Length != _m.Length)
            throw new ArgumentException($"expected {_m.Length} parameters and gradients, got {parameters.Length} and {gradient.Length}");
        StepCount++;
        // Scalars in double, so that the bias corrections of early steps are exact whatever T is.
        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        T decay = T.CreateChecked(1 - learningRate * WeightDecay);
        T b1 = T.CreateChecked(Beta1), oneMinusB1 = T.CreateChecked(1 - Beta1);
        T b2 = T.CreateChecked(Beta2), oneMinusB2 = T.CreateChecked(1 - Beta2);
        T stepSize = T.CreateChecked(learningRate / correction1);
        T rootCorrection2 = T.CreateChecked(Math.Sqrt(correction2));
        T eps = T.CreateChecked(Epsilon);
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradient[i];
            T m = _m[i] = b1 * _m[i] + oneMinusB1 * g;
            T v = _v[i] = b2 * _v[i] + oneMinusB2 * g * g;
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
