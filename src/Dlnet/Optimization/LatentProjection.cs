using System.Numerics;
using Dlnet.Nn;
using Dlnet.Nn.Kernels;

namespace Dlnet.Optimization;

/// <summary>
/// The learned map P z + c from a student's latent state (size h_s) to its teacher's (size h_t), through
/// which the student's latent is compared with the teacher's: the hidden term of distillation. P and c
/// train with the student and are dropped after; they only let a state of another size (and another
/// basis) be asked to carry what the teacher's carries.
/// </summary>
public sealed class LatentProjection<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public LatentProjection(int studentSize, int teacherSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(studentSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(teacherSize);
        StudentSize = studentSize;
        TeacherSize = teacherSize;
        Weight = Parameters.Add("projection.weight", teacherSize, studentSize);
        Bias = Parameters.Add("projection.bias", teacherSize);
    }

    public int StudentSize { get; }

    public int TeacherSize { get; }

    public ParameterStore<T> Parameters { get; } = new();

    /// <summary>P [teacher, student].</summary>
    public ParameterTensor Weight { get; }

    /// <summary>c [teacher].</summary>
    public ParameterTensor Bias { get; }

    /// <summary>P uniform in ±1/sqrt(student size) from <paramref name="seed"/>, c zero.</summary>
    public void Initialize(int seed)
    {
        var rng = new Random(seed);
        double bound = 1.0 / Math.Sqrt(StudentSize);
        var w = Parameters[Weight];
        for (int i = 0; i < w.Length; i++) w[i] = T.CreateChecked((rng.NextDouble() * 2 - 1) * bound);
        Parameters[Bias].Clear();
    }

    /// <summary>
    /// For <paramref name="count"/> windows: returns the sum of |P z_s + c - z_t|^2, WRITES
    /// weight * d/dz_s into <paramref name="studentGradient"/> and ADDS weight * d/d(P, c) into
    /// <paramref name="parameterGradient"/> (laid out like <see cref="Parameters"/>).
    /// <paramref name="projected"/> is scratch of count x TeacherSize.
    /// </summary>
    public double Accumulate(ReadOnlySpan<T> student, ReadOnlySpan<T> teacher, int count, Span<T> projected,
        Span<T> studentGradient, Span<T> parameterGradient, T weight)
    {
        int hs = StudentSize, ht = TeacherSize;
        if (student.Length < count * hs || teacher.Length < count * ht || projected.Length < count * ht || studentGradient.Length < count * hs)
            throw new ArgumentException($"{count} windows need {count * hs} student and {count * ht} teacher values and scratch");
        if (parameterGradient.Length != Parameters.Count)
            throw new ArgumentException($"expected {Parameters.Count} parameter gradients, got {parameterGradient.Length}", nameof(parameterGradient));
        var e = projected[..(count * ht)];
        Linear.Forward(e, student[..(count * hs)], Parameters[Weight], Parameters[Bias], count, hs, ht);
        double sum = 0;
        T two = T.CreateChecked(2) * weight;
        for (int i = 0; i < e.Length; i++)
        {
            T d = e[i] - teacher[i];
            double v = double.CreateChecked(d);
            sum += v * v;
            // From here on e holds dLoss/d(P z_s + c).
            e[i] = two * d;
        }
        var dz = studentGradient[..(count * hs)];
        dz.Clear();
        Linear.Backward(dz, parameterGradient.Slice(Weight.Offset, Weight.Length), parameterGradient.Slice(Bias.Offset, Bias.Length),
            e, student[..(count * hs)], Parameters[Weight], count, hs, ht);
        return sum;
    }
}
