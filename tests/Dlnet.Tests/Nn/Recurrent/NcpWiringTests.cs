using Dlnet.Nn.Recurrent;

namespace Dlnet.Tests.Nn.Recurrent;

public sealed class NcpWiringTests
{
    private const int Sensory = 2, Inter = 6, Command = 5, Motor = 2;

    private static LtcWiring Build(int seed) => NcpWiring.Create(Sensory, Inter, Command, Motor,
        sensoryFanout: 3, interFanout: 2, recurrentCommandSynapses: 4, motorFanin: 3, seed);

    private static bool IsMotor(int id) => id < Motor;
    private static bool IsCommand(int id) => id >= Motor && id < Motor + Command;
    private static bool IsInter(int id) => id >= Motor + Command;

    [Fact]
    public void SameSeedSameWiringOtherSeedOther()
    {
        Assert.Equal(Build(7).Recurrent.ToArray(), Build(7).Recurrent.ToArray());
        Assert.Equal(Build(7).SensoryPolarity.ToArray(), Build(7).SensoryPolarity.ToArray());
        Assert.NotEqual(Build(7).Recurrent.ToArray(), Build(8).Recurrent.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SynapsesRunOnlyAlongTheLayers(int seed)
    {
        var w = Build(seed);
        int n = w.Neurons;
        Assert.Equal(Motor + Command + Inter, n);
        for (int k = 0; k < Sensory; k++)
        {
            int fanout = Enumerable.Range(0, n).Count(j => w.SensoryPolarity[k * n + j] != 0);
            Assert.True(fanout >= 3);
            for (int j = 0; j < n; j++)
                if (w.SensoryPolarity[k * n + j] != 0) Assert.True(IsInter(j), $"sensory {k} -> {j}");
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (w.Recurrent[i * n + j] == 0) continue;
                bool allowed = (IsInter(i) && IsCommand(j)) || (IsCommand(i) && IsCommand(j)) || (IsCommand(i) && IsMotor(j));
                Assert.True(allowed, $"synapse {i} -> {j}");
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryNeuronLiesOnAPathFromInputToOutput(int seed)
    {
        var w = Build(seed);
        int n = w.Neurons;
        bool HasInput(int j) => Enumerable.Range(0, n).Any(i => w.Recurrent[i * n + j] != 0)
            || Enumerable.Range(0, Sensory).Any(k => w.SensoryPolarity[k * n + j] != 0);
        bool HasOutput(int i) => Enumerable.Range(0, n).Any(j => w.Recurrent[i * n + j] != 0);
        for (int j = 0; j < n; j++)
        {
            Assert.True(HasInput(j), $"neuron {j} receives nothing");
            if (!IsMotor(j)) Assert.True(HasOutput(j), $"neuron {j} feeds nothing");
        }
        for (int m = 0; m < Motor; m++)
            Assert.True(Enumerable.Range(0, n).Count(i => w.Recurrent[i * n + m] != 0) >= 3);
    }

    [Fact]
    public void FanoutLargerThanTheLayerIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NcpWiring.Create(1, 3, 3, 1, sensoryFanout: 4, interFanout: 2,
            recurrentCommandSynapses: 1, motorFanin: 1, seed: 1));
}
