using Dlnet.Nn.Recurrent;
using Xunit.Abstractions;

namespace Dlnet.Tests.Nn.Recurrent;

public sealed class LtcNetworkTests(ITestOutputHelper output)
{
    public static TheoryData<LtcSolver, bool, int> Cases => new()
    {
        { LtcSolver.SemiImplicit, false, 1 },
        { LtcSolver.SemiImplicit, false, 2 },
        { LtcSolver.SemiImplicit, true, 2 },
        { LtcSolver.ExplicitEuler, false, 1 },
        { LtcSolver.ExplicitEuler, true, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(LtcSolver solver, bool ncp, int features)
    {
        var wiring = ncp
            ? NcpWiring.Create(features, inter: 3, command: 3, motor: 2, sensoryFanout: 2, interFanout: 2,
                recurrentCommandSynapses: 3, motorFanin: 2, seed: 4)
            : LtcWiring.FullyConnected(neurons: 5, motor: 2, features, seed: 4);
        var net = new LtcNetwork<double>(inputSize: 7 * features, outputSize: 3, wiring, solver, unfolds: 4);
        net.Initialize(seed: 31);
        // The identity input and output maps would leave their own gradients untested at a special point.
        var rng = new Random(8);
        foreach (var name in new[] { "ltc.input_w", "ltc.input_b", "ltc.output_w", "ltc.output_b" })
            foreach (ref double p in net.Parameters[net.Parameters.Find(name)]) p += 0.3 * (rng.NextDouble() - 0.5);
        RecurrentGradient.AssertMatches(net, output);
    }

    [Fact]
    public void SolversConvergeToTheSameTrajectoryAsUnfoldsGrow()
    {
        var wiring = LtcWiring.FullyConnected(neurons: 6, motor: 2, sensory: 1, seed: 2);
        double previous = double.PositiveInfinity;
        var gaps = new List<double>();
        foreach (int unfolds in new[] { 6, 60, 600 })
        {
            var implicitNet = new LtcNetwork<double>(10, 2, wiring, LtcSolver.SemiImplicit, unfolds);
            var eulerNet = new LtcNetwork<double>(10, 2, wiring, LtcSolver.ExplicitEuler, unfolds);
            implicitNet.Initialize(seed: 9);
            eulerNet.Initialize(seed: 9);
            var x = Enumerable.Range(0, 30).Select(i => Math.Sin(i * 0.7)).ToArray();
            var a = new double[6];
            var b = new double[6];
            implicitNet.Forward(implicitNet.CreateWorkspace(3), x, a, 3, training: false);
            eulerNet.Forward(eulerNet.CreateWorkspace(3), x, b, 3, training: false);
            double gap = a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
            gaps.Add(gap);
            output.WriteLine($"unfolds {unfolds}: largest output gap {gap:E3}");
            // Both steps are first order, so the gap should shrink about tenfold per tenfold refinement.
            Assert.True(gap < previous / 5, $"gap {gap:E3} did not shrink enough from {previous:E3}");
            previous = gap;
        }
        Assert.True(gaps[^1] < 1e-3, $"solvers still differ by {gaps[^1]:E3} at 600 unfolds");
    }

    [Fact]
    public void EulerSubStepMatchesTheOdeByHand()
    {
        // One neuron, one input, one step, one unfold: v1 = v0 + dt/cm (gl (vl - v0) + a_s (E_s - v0) + a_r (E_r - v0)).
        var wiring = new LtcWiring(neurons: 1, motor: 1, sensory: 1, recurrent: [1], sensoryPolarity: [-1]);
        var net = new LtcNetwork<double>(1, 1, wiring, LtcSolver.ExplicitEuler, unfolds: 1, timeStep: 0.5);
        net.Initialize(seed: 1);
        var p = net.Parameters;
        double Softplus(double r) => Math.Log(1 + Math.Exp(r));
        double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
        double P(string name) => p[p.Find(name)][0];
        p[p.Find("head.weight")][0] = 1;
        p[p.Find("head.bias")][0] = 0;
        double x = 0.8;
        double xs = x * P("ltc.input_w") + P("ltc.input_b");
        double aS = Softplus(P("ltc.sensory_w_raw")) * Sigmoid(P("ltc.sensory_sigma") * (xs - P("ltc.sensory_mu")));
        double aR = Softplus(P("ltc.w_raw")) * Sigmoid(P("ltc.sigma") * (0 - P("ltc.mu")));
        double gl = Softplus(P("ltc.gleak_raw")), cm = Softplus(P("ltc.cm_raw"));
        double v1 = 0 + 0.5 / cm * (gl * (P("ltc.vleak") - 0) + aS * (-1 - 0) + aR * (1 - 0));
        var y = new double[1];
        net.Forward(net.CreateWorkspace(1), [x], y, 1, training: false);
        Assert.Equal(v1 * P("ltc.output_w") + P("ltc.output_b"), y[0], 12);
    }

    [Fact]
    public void InitialValuesLieInTheDocumentedRanges()
    {
        var net = new LtcNetwork<double>(20, 1, LtcWiring.FullyConnected(8, 1, 1, seed: 3));
        net.Initialize(seed: 5);
        var p = net.Parameters;
        void InRange(string name, double lo, double hi, bool softplus)
        {
            foreach (double raw in p[p.Find(name)])
            {
                double value = softplus ? Math.Log(1 + Math.Exp(raw)) : raw;
                Assert.InRange(value, lo - 1e-12, hi + 1e-12);
            }
        }
        InRange("ltc.gleak_raw", 0.001, 1, softplus: true);
        InRange("ltc.vleak", -0.2, 0.2, softplus: false);
        InRange("ltc.cm_raw", 0.4, 0.6, softplus: true);
        InRange("ltc.w_raw", 0.001, 1, softplus: true);
        InRange("ltc.sigma", 3, 8, softplus: false);
        InRange("ltc.mu", 0.3, 0.8, softplus: false);
        InRange("ltc.sensory_w_raw", 0.001, 1, softplus: true);
    }

    [Fact]
    public void TrainableCountLeavesOutAbsentSynapses()
    {
        var wiring = NcpWiring.Create(1, inter: 4, command: 3, motor: 1, sensoryFanout: 2, interFanout: 2,
            recurrentCommandSynapses: 3, motorFanin: 2, seed: 1);
        var net = new LtcNetwork<float>(50, 5, wiring);
        int n = wiring.Neurons;
        Assert.Equal(3 * n + 4 * n * n + 4 * n + 2 + 2 + 5 * 2, net.Parameters.Count);
        Assert.Equal(3 * n + 4 * wiring.RecurrentSynapses + 4 * wiring.SensorySynapses + 2 + 2 + 5 * 2, net.TrainableCount);
    }
}
