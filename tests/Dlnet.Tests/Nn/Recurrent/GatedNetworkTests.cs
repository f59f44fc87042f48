using Dlnet.Nn;
using Dlnet.Nn.Recurrent;
using Xunit.Abstractions;

namespace Dlnet.Tests.Nn.Recurrent;

public sealed class GatedNetworkTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    public void LstmGradientMatchesFiniteDifferences(int layers, int features)
    {
        var net = new LstmNetwork<double>(inputSize: 8 * features, outputSize: 3, hiddenSize: 4, layers, features);
        net.Initialize(seed: 11);
        AssertGradient(net);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    public void GruGradientMatchesFiniteDifferences(int layers, int features)
    {
        var net = new GruNetwork<double>(inputSize: 8 * features, outputSize: 3, hiddenSize: 4, layers, features);
        net.Initialize(seed: 12);
        AssertGradient(net);
    }

    [Fact]
    public void ParameterCountsFollowTheStandardEquations()
    {
        // LSTM: 4H(F + H + 1) per layer; GRU: 3H(F + H + 2); head: O(H + 1).
        Assert.Equal(4 * 32 * (1 + 32 + 1) + 5 * 33, new LstmNetwork<float>(100, 5, 32).Parameters.Count);
        Assert.Equal(3 * 32 * (1 + 32 + 2) + 5 * 33, new GruNetwork<float>(100, 5, 32).Parameters.Count);
        Assert.Equal(4 * 8 * (1 + 8 + 1) + 4 * 8 * (8 + 8 + 1) + 5 * 9, new LstmNetwork<float>(100, 5, 8, layers: 2).Parameters.Count);
    }

    [Fact]
    public void WindowMustBeWholeSteps() =>
        Assert.Throws<ArgumentException>(() => new GruNetwork<float>(inputSize: 9, outputSize: 1, hiddenSize: 4, features: 2));

    private void AssertGradient(INetwork<double> net) => RecurrentGradient.AssertMatches(net, output);
}
