using System.Numerics;

namespace Dlnet.Nn.Recurrent;

/// <summary>
/// An <see cref="LtcCell{T}"/> over the input window. The motor neurons' potentials after the last step,
/// through the cell's output affine map, feed a linear head to the horizon. Features per step are the
/// wiring's sensory count.
/// </summary>
public sealed class LtcNetwork<T> : RecurrentNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <param name="inputSize">Scalars in the input window, a multiple of <c>wiring.Sensory</c>.</param>
    /// <param name="outputSize">Horizon values predicted.</param>
    /// <param name="wiring">Neurons, motor neurons, and which synapses exist.</param>
    /// <param name="solver">ODE step used for each sub-step.</param>
    /// <param name="unfolds">Sub-steps per input step (ncps: 6).</param>
    /// <param name="timeStep">Time elapsed per input step.</param>
    public LtcNetwork(int inputSize, int outputSize, LtcWiring wiring, LtcSolver solver = LtcSolver.SemiImplicit,
        int unfolds = 6, double timeStep = 1.0)
        : this(new ParameterStore<T>(), inputSize, outputSize, wiring, solver, unfolds, timeStep) { }

    private LtcNetwork(ParameterStore<T> store, int inputSize, int outputSize, LtcWiring wiring, LtcSolver solver,
        int unfolds, double timeStep)
        : base("ltc", inputSize, outputSize, wiring.Sensory, store, [new LtcCell<T>(store, "ltc", wiring, solver, unfolds, timeStep)]) =>
        Cell = (LtcCell<T>)Layers[0];

    public LtcCell<T> Cell { get; }

    /// <summary>
    /// Scalars that can change in training: all parameters less the absent synapses' w, sigma, mu and E,
    /// which the wiring holds at zero effect but the dense layout still stores.
    /// </summary>
    public int TrainableCount
    {
        get
        {
            var w = Cell.Wiring;
            int absent = (w.Neurons * w.Neurons - w.RecurrentSynapses) + (w.Sensory * w.Neurons - w.SensorySynapses);
            return Parameters.Count - 4 * absent;
        }
    }
}
