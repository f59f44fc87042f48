using Dlnet.Nn.Kernels;

namespace Dlnet.Tests.Nn;

/// <summary>The blocked kernels against the naive reference over awkward sizes (tails in every dimension).</summary>
public class LinearKernelTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 }, { 3, 7, 5 }, { 4, 16, 16 }, { 5, 17, 9 }, { 7, 33, 31 }, { 32, 100, 256 }, { 32, 128, 100 }, { 9, 3, 40 },
    };

    private static T[] Random<T>(int n, int seed) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => T.CreateChecked(rng.NextDouble() * 2 - 1)).ToArray();
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ForwardMatchesReference(int batch, int inputs, int outputs)
    {
        var x = Random<double>(batch * inputs, 1);
        var w = Random<double>(inputs * outputs, 2);
        var bias = Random<double>(outputs, 3);
        var expected = new double[batch * outputs];
        LinearReference.Forward(expected, x, w, bias, batch, inputs, outputs);

        var wt = new double[w.Length];
        Linear.Transpose<double>(wt, w, inputs, outputs);
        var fast = new double[expected.Length];
        Linear.ForwardTransposed<double>(fast, x, wt, bias, batch, inputs, outputs);
        var plain = new double[expected.Length];
        Linear.Forward<double>(plain, x, w, bias, batch, inputs, outputs);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], fast[i], 1e-12);
            Assert.Equal(expected[i], plain[i], 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void BackwardMatchesReference(int batch, int inputs, int outputs)
    {
        var x = Random<float>(batch * inputs, 1);
        var w = Random<float>(inputs * outputs, 2);
        var dy = Random<float>(batch * outputs, 3);
        // Both start from the same nonzero values: the kernels accumulate.
        var dxRef = Random<float>(batch * inputs, 4); var dx = (float[])dxRef.Clone();
        var dwRef = Random<float>(w.Length, 5); var dw = (float[])dwRef.Clone();
        var dbRef = Random<float>(outputs, 6); var db = (float[])dbRef.Clone();
        LinearReference.Backward(dxRef, dwRef, dbRef, dy, x, w, batch, inputs, outputs);
        Linear.Backward<float>(dx, dw, db, dy, x, w, batch, inputs, outputs);
        AssertClose(dxRef, dx);
        AssertClose(dwRef, dw);
        AssertClose(dbRef, db);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"[{i}] {expected[i]} vs {actual[i]}");
    }
}

/// <summary>The obviously correct triple loops the blocked kernels are held to.</summary>
internal static class LinearReference
{
    public static void Forward<T>(T[] y, T[] x, T[] w, T[] bias, int batch, int inputs, int outputs)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int b = 0; b < batch; b++)
        for (int o = 0; o < outputs; o++)
        {
            T acc = bias[o];
            for (int i = 0; i < inputs; i++) acc += x[b * inputs + i] * w[o * inputs + i];
            y[b * outputs + o] = acc;
        }
    }

    public static void Backward<T>(T[] dx, T[] dw, T[] db, T[] dy, T[] x, T[] w, int batch, int inputs, int outputs)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int b = 0; b < batch; b++)
        for (int o = 0; o < outputs; o++)
        {
            T g = dy[b * outputs + o];
            db[o] += g;
            for (int i = 0; i < inputs; i++)
            {
                dw[o * inputs + i] += g * x[b * inputs + i];
                dx[b * inputs + i] += g * w[o * inputs + i];
            }
        }
    }
}
