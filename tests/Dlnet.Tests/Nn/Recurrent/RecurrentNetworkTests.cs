using Dlnet.Nn;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Tests.Nn.Recurrent;

/// <summary>Behaviour every recurrent network shares: seeding, batch independence, workspace checks.</summary>
public sealed class RecurrentNetworkTests
{
    public static TheoryData<string> Architectures => ["lstm", "lstm2", "gru", "cfc", "cfc-pure", "ltc", "ltc-ncp-euler"];

    private static INetwork<double> Create(string name) => name switch
    {
        "lstm" => new LstmNetwork<double>(12, 3, 5),
        "lstm2" => new LstmNetwork<double>(12, 3, 5, layers: 2),
        "gru" => new GruNetwork<double>(12, 3, 5, features: 2),
        "cfc" => new CfcNetwork<double>(12, 3, 5, backboneUnits: 6),
        "cfc-pure" => new CfcNetwork<double>(12, 3, 5, CfcMode.Pure, backboneUnits: 6),
        "ltc" => new LtcNetwork<double>(12, 3, LtcWiring.FullyConnected(5, 2, 1, seed: 1)),
        "ltc-ncp-euler" => new LtcNetwork<double>(12, 3, NcpWiring.Create(2, 3, 3, 1, 2, 2, 2, 2, seed: 1), LtcSolver.ExplicitEuler),
        _ => throw new ArgumentException(name),
    };

    private static double[] Window(int count) => [.. Enumerable.Range(0, count).Select(i => 0.5 + 0.4 * Math.Sin(i * 0.37))];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void InitializeDependsOnTheSeedAlone(string name)
    {
        var a = Create(name);
        var b = Create(name);
        a.Initialize(42);
        b.Initialize(7);
        b.Initialize(42);
        Assert.Equal(a.Parameters.Array, b.Parameters.Array);
        b.Initialize(43);
        Assert.NotEqual(a.Parameters.Array, b.Parameters.Array);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void EachSampleIsForecastIndependentlyOfItsBatch(string name)
    {
        var net = Create(name);
        net.Initialize(3);
        const int batch = 4;
        var x = Window(batch * net.InputSize);
        var together = new double[batch * net.OutputSize];
        var ws = net.CreateWorkspace(batch);
        net.Forward(ws, x, together, batch, training: false);
        Assert.All(together, v => Assert.True(double.IsFinite(v)));
        for (int b = 0; b < batch; b++)
        {
            var alone = new double[net.OutputSize];
            net.Forward(ws, x.AsSpan(b * net.InputSize, net.InputSize), alone, 1, training: false);
            for (int o = 0; o < net.OutputSize; o++) Assert.Equal(together[b * net.OutputSize + o], alone[o], 14);
        }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void BackwardAddsToTheGradient(string name)
    {
        var net = Create(name);
        net.Initialize(3);
        var x = Window(2 * net.InputSize);
        var y = new double[2 * net.OutputSize];
        var dy = Enumerable.Repeat(1.0, y.Length).ToArray();
        var ws = net.CreateWorkspace(2);
        net.Forward(ws, x, y, 2, training: true);
        var once = net.Parameters.CreateBuffer();
        net.Backward(ws, dy, once, 2);
        var twice = net.Parameters.CreateBuffer();
        net.Backward(ws, dy, twice, 2);
        net.Backward(ws, dy, twice, 2);
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], twice[i], 12);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ForwardAndBackwardAllocateNothing(string name)
    {
        var net = Create(name);
        net.Initialize(3);
        var x = Window(3 * net.InputSize);
        var y = new double[3 * net.OutputSize];
        var dy = Enumerable.Repeat(0.5, y.Length).ToArray();
        var gradient = net.Parameters.CreateBuffer();
        var ws = net.CreateWorkspace(3);
        net.Forward(ws, x, y, 3, training: true);
        net.Backward(ws, dy, gradient, 3);
        // What a pass allocates shows in every pass; what the runtime allocates once (recompiling a hot method at a
        // higher tier, on a busy machine at any time) in one: the least of five passes must be nothing.
        long least = long.MaxValue;
        for (int pass = 0; pass < 5; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            net.Forward(ws, x, y, 3, training: true);
            net.Backward(ws, dy, gradient, 3);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
    }

    [Fact]
    public void BatchLargerThanTheWorkspaceIsRejected()
    {
        var net = Create("gru");
        var ws = net.CreateWorkspace(2);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            net.Forward(ws, new double[3 * net.InputSize], new double[3 * net.OutputSize], 3, training: false));
    }
}
