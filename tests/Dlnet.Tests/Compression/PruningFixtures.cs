using Dlnet.Compression;
using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Networks;

namespace Dlnet.Tests.Compression;

/// <summary>Small networks with every parameter drawn at random, and helpers to run and copy them.</summary>
internal static class PruningFixtures
{
    public static INetwork<double> Network(string kind, int[] widths, int seed)
    {
        INetwork<double> net = kind switch
        {
            "mlp" => new MlpNetwork<double>(new MlpOptions(7, 5, widths, ActivationKind.Tanh)),
            "teacher" => new PaperTeacher<double>(new PaperTeacherOptions(9, 5, EncoderWidth: widths[0], Hidden: widths[1],
                DecoderWidths: widths[2..], Steps: 3)),
            "student" => new EulerStudent<double>(new EulerStudentOptions(9, 5, Hidden: widths[1], Rank: Math.Min(2, widths[1]),
                Steps: 2, StepSize: 0.3, EncoderWidth: widths[0], DecoderWidths: widths[2..])),
            _ => throw new ArgumentException(kind),
        };
        Randomize(net, seed);
        return net;
    }

    /// <summary>Every parameter uniform in [-1, 1]: LayerNorm gains and biases, alpha and beta too, so no
    /// slice is special and a wrong copy shows.</summary>
    public static void Randomize(INetwork<double> net, int seed)
    {
        var rng = new Random(seed);
        var values = net.Parameters.Values;
        for (int i = 0; i < values.Length; i++) values[i] = rng.NextDouble() * 2 - 1;
    }

    public static INetwork<double> Copy(INetwork<double> net)
    {
        var topology = PruningTopology<double>.Of(net);
        var copy = topology.Build(topology.Layers.ToDictionary(l => l.Name, l => l.Width));
        net.Parameters.Values.CopyTo(copy.Parameters.Values);
        return copy;
    }

    public static double[] Inputs(int inputSize, int batch, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, inputSize * batch).Select(_ => rng.NextDouble() * 2 - 1)];
    }

    public static double[] Run(INetwork<double> net, double[] input, int batch)
    {
        var output = new double[batch * net.OutputSize];
        net.Forward(net.CreateWorkspace(batch), input, output, batch, training: false);
        return output;
    }

    public static double MaxDifference(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
    }
}
