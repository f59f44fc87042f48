using Dlnet.Export.Onnx;
using Dlnet.Nn;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Dlnet.Tests.Export;

/// <summary>Runs exported models in ONNX Runtime and compares them with the C# forward pass.</summary>
internal static class OnnxRuntimeRunner
{
    /// <summary>Outputs of <paramref name="model"/> for <paramref name="batch"/> rows of <paramref name="width"/> inputs.</summary>
    public static float[] Run(byte[] model, float[] input, int batch, int width)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        var tensor = new DenseTensor<float>(input, [batch, width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, tensor)]);
        var output = results.Single(r => r.Name == OnnxExporter.OutputName);
        return [.. output.AsEnumerable<float>()];
    }

    /// <summary>The network's own inference forward pass.</summary>
    public static float[] Forward(INetwork<float> network, float[] input, int batch)
    {
        var output = new float[batch * network.OutputSize];
        network.Forward(network.CreateWorkspace(batch), input, output, batch, training: false);
        return output;
    }

    public static float[] RandomWindows(int batch, int width, int seed, double amplitude = 1.0)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, batch * width).Select(_ => (float)((rng.NextDouble() * 2 - 1) * amplitude))];
    }

    /// <summary>Moves every parameter off its initial value, so that no tensor sits at a special point (unit gain, zero bias, identity maps).</summary>
    public static void Perturb(INetwork<float> network, int seed, double size = 0.2)
    {
        var rng = new Random(seed);
        foreach (ref float p in network.Parameters.Values) p += (float)(size * (rng.NextDouble() * 2 - 1));
    }

    public static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        return max;
    }
}
