using Dlnet.Nn;

namespace Dlnet.Int8;

/// <summary>An architecture that <see cref="QuantizationAwareTraining"/> can train through fake int8 quantisation.</summary>
public interface IQuantizationAwareArchitecture
{
    /// <summary>The weights and activations of <paramref name="network"/> the integer engine holds in int8.</summary>
    /// <exception cref="ArgumentException">Not a network of this architecture.</exception>
    FakeQuantizedLayers FakeQuantized(INetwork<float> network);
}
