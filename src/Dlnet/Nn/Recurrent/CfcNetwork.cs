using System.Numerics;

namespace Dlnet.Nn.Recurrent;

/// <summary>
/// A <see cref="CfcCell{T}"/> over the input window; its final hidden state feeds a linear head to the horizon.
/// </summary>
public sealed class CfcNetwork<T> : RecurrentNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <param name="inputSize">Scalars in the input window.</param>
    /// <param name="outputSize">Horizon values predicted.</param>
    /// <param name="hiddenSize">Units of state h.</param>
    /// <param name="mode">How the heads combine (ncps <c>default</c>, <c>no_gate</c>, <c>pure</c>).</param>
    /// <param name="backboneUnits">Width of each backbone layer.</param>
    /// <param name="backboneLayers">Backbone depth; 0 feeds [x, h] straight to the heads.</param>
    /// <param name="features">Scalars per step.</param>
    /// <param name="timeStep">Time elapsed per step, t in the gate.</param>
    public CfcNetwork(int inputSize, int outputSize, int hiddenSize, CfcMode mode = CfcMode.Default,
        int backboneUnits = 32, int backboneLayers = 1, int features = 1, double timeStep = 1.0)
        : this(new ParameterStore<T>(), inputSize, outputSize, hiddenSize, mode, backboneUnits, backboneLayers, features, timeStep) { }

    private CfcNetwork(ParameterStore<T> store, int inputSize, int outputSize, int hiddenSize, CfcMode mode,
        int backboneUnits, int backboneLayers, int features, double timeStep)
        : base("cfc", inputSize, outputSize, features, store,
            [new CfcCell<T>(store, "cfc", features, hiddenSize, mode, backboneUnits, backboneLayers, timeStep)])
    {
        HiddenSize = hiddenSize;
        Cell = (CfcCell<T>)Layers[0];
    }

    public int HiddenSize { get; }

    public CfcCell<T> Cell { get; }
}
