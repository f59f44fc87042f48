using Dlnet.Nn.Recurrent;
using Xunit.Abstractions;

namespace Dlnet.Tests.Nn.Recurrent;

public sealed class CfcNetworkTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(CfcMode.Default, 1, 1)]
    [InlineData(CfcMode.Default, 2, 1)]
    [InlineData(CfcMode.Default, 0, 2)]
    [InlineData(CfcMode.NoGate, 1, 1)]
    [InlineData(CfcMode.NoGate, 2, 2)]
    [InlineData(CfcMode.Pure, 1, 1)]
    [InlineData(CfcMode.Pure, 0, 2)]
    public void GradientMatchesFiniteDifferences(CfcMode mode, int backboneLayers, int features)
    {
        var net = new CfcNetwork<double>(inputSize: 8 * features, outputSize: 3, hiddenSize: 4, mode,
            backboneUnits: 5, backboneLayers, features, timeStep: 0.7);
        net.Initialize(seed: 21);
        if (mode == CfcMode.Pure)
        {
            // w_tau starts at 0, where |w_tau| has a kink; move it off so its gradient is exercised.
            var rng = new Random(3);
            foreach (ref double w in net.Parameters[net.Parameters.Find("cfc.w_tau")]) w = rng.NextDouble() - 0.5;
        }
        RecurrentGradient.AssertMatches(net, output);
    }

    [Fact]
    public void DefaultModeIsTheGatedInterpolation()
    {
        // One step, no backbone, hidden 1: h' = tanh(a)(1 - g) + g tanh(b) with g = sigmoid(c t + d).
        var net = new CfcNetwork<double>(inputSize: 1, outputSize: 1, hiddenSize: 1, CfcMode.Default, backboneLayers: 0, timeStep: 2.0);
        var p = net.Parameters;
        double[] w = [0.3, 0.0, -0.8, 0.0, 0.5, 0.0, 0.2, 0.0]; // rows ff1, ff2, ta, tb over [x, h]
        w.CopyTo(p[p.Find("cfc.heads.weight")]);
        double[] bias = [0.1, 0.2, -0.3, 0.4];
        bias.CopyTo(p[p.Find("cfc.heads.bias")]);
        p[p.Find("head.weight")][0] = 1;
        p[p.Find("head.bias")][0] = 0;

        double x = 0.9;
        double ff1 = Math.Tanh(0.3 * x + 0.1), ff2 = Math.Tanh(-0.8 * x + 0.2);
        double g = 1 / (1 + Math.Exp(-((0.5 * x - 0.3) * 2.0 + 0.2 * x + 0.4)));
        var y = new double[1];
        net.Forward(net.CreateWorkspace(1), [x], y, 1, training: false);
        Assert.Equal(ff1 * (1 - g) + g * ff2, y[0], 12);
    }

    [Fact]
    public void ParameterCountMatchesTheLayers()
    {
        // backbone (F + H + 1) U, heads 4H (U + 1), head O (H + 1); pure: H (U + 1) + 2H heads and A, w_tau.
        Assert.Equal((1 + 32 + 1) * 32 + 4 * 32 * 33 + 5 * 33, new CfcNetwork<float>(100, 5, 32, backboneUnits: 32).Parameters.Count);
        Assert.Equal((1 + 8 + 1) * 16 + 8 * 17 + 2 * 8 + 5 * 9, new CfcNetwork<float>(100, 5, 8, CfcMode.Pure, backboneUnits: 16).Parameters.Count);
    }
}
