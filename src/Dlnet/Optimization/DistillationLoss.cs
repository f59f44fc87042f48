using System.Numerics;

namespace Dlnet.Optimization;

/// <summary>
/// The divergences D between student and teacher outputs, with their gradients written next to them.
/// As <see cref="RegressionLoss"/>: each call handles part of a batch, returns the SUM of its
/// terms and ADDS weight x dTerm/dStudent into the gradient, the caller choosing the weight that turns
/// the parts into the batch mean.
/// </summary>
public static class DistillationLoss
{
    public const string Mse = "mse";

    public const string Cosine = "cosine";

    /// <summary>Keeps the cosine finite for a zero vector (the form of PyTorch's cosine embedding loss).</summary>
    public const double CosineEpsilon = 1e-8;

    /// <summary>
    /// <paramref name="divergence"/> over <paramref name="windows"/> windows of <paramref name="horizon"/> values:
    /// <c>mse</c> sums (s - t)^2 over every value, <c>cosine</c> sums 1 - cos(s, t) over the windows.
    /// </summary>
    public static double Accumulate<T>(string divergence, ReadOnlySpan<T> student, ReadOnlySpan<T> teacher, Span<T> gradient,
        int windows, int horizon, T weight) where T : unmanaged, IFloatingPointIeee754<T> => divergence switch
    {
        Mse => AccumulateMse(student[..(windows * horizon)], teacher[..(windows * horizon)], gradient[..(windows * horizon)], weight),
        Cosine => AccumulateCosine(student, teacher, gradient, windows, horizon, weight),
        _ => throw new ArgumentException($"unknown divergence '{divergence}' (expected mse or cosine)", nameof(divergence)),
    };

    /// <summary>Sum of (s - t)^2; adds weight * 2 (s - t).</summary>
    public static double AccumulateMse<T>(ReadOnlySpan<T> student, ReadOnlySpan<T> teacher, Span<T> gradient, T weight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (teacher.Length != student.Length || gradient.Length != student.Length)
            throw new ArgumentException($"student, teacher and gradient lengths differ: {student.Length}, {teacher.Length}, {gradient.Length}");
        double sum = 0;
        T two = T.CreateChecked(2) * weight;
        for (int i = 0; i < student.Length; i++)
        {
            T d = student[i] - teacher[i];
            double e = double.CreateChecked(d);
            sum += e * e;
            gradient[i] += two * d;
        }
        return sum;
    }

    /// <summary>
    /// Sum over windows of 1 - cos(s, t), cos = s.t / sqrt((|s|^2 + eps)(|t|^2 + eps)); adds
    /// weight * d(1 - cos)/ds = -weight * (t / sqrt((|s|^2 + eps)(|t|^2 + eps)) - cos * s / (|s|^2 + eps)).
    /// </summary>
    public static double AccumulateCosine<T>(ReadOnlySpan<T> student, ReadOnlySpan<T> teacher, Span<T> gradient,
        int windows, int horizon, T weight) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = windows * horizon;
        if (student.Length < size || teacher.Length < size || gradient.Length < size)
            throw new ArgumentException($"{windows} windows of {horizon} need {size} student, teacher and gradient values");
        double sum = 0;
        double w = double.CreateChecked(weight);
        for (int k = 0; k < windows; k++)
        {
            var s = student.Slice(k * horizon, horizon);
            var t = teacher.Slice(k * horizon, horizon);
            var g = gradient.Slice(k * horizon, horizon);
            // In double: a window's sums over the horizon lose digits in float when the outputs are small.
            double st = 0, ss = CosineEpsilon, tt = CosineEpsilon;
            for (int i = 0; i < horizon; i++)
            {
                double si = double.CreateChecked(s[i]), ti = double.CreateChecked(t[i]);
                st += si * ti;
                ss += si * si;
                tt += ti * ti;
            }
            double norm = Math.Sqrt(ss * tt);
            double cos = st / norm;
            sum += 1 - cos;
            double a = -w / norm, b = w * cos / ss;
            for (int i = 0; i < horizon; i++)
                g[i] += T.CreateChecked(a * double.CreateChecked(t[i]) + b * double.CreateChecked(s[i]));
        }
        return sum;
    }
}
