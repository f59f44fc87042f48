namespace Dlnet.Nn.Recurrent;

/// <summary>
/// Which synapses of a liquid time-constant network exist, and their initial polarity (+1 excitatory,
/// -1 inhibitory, 0 absent): sensory synapses from each input feature to neurons, and recurrent synapses
/// between neurons. Matrices are [presynaptic, postsynaptic] row-major. Neurons 0..Motor-1 are the
/// motor neurons, whose potentials are the network's outputs.
/// </summary>
public sealed class LtcWiring
{
    private readonly sbyte[] _recurrent;
    private readonly sbyte[] _sensory;

    /// <param name="neurons">Neurons in the network.</param>
    /// <param name="motor">Leading neurons read out as outputs.</param>
    /// <param name="sensory">Input features per step.</param>
    /// <param name="recurrent">[neurons, neurons] polarity of neuron-to-neuron synapses.</param>
    /// <param name="sensoryPolarity">[sensory, neurons] polarity of input-to-neuron synapses.</param>
    public LtcWiring(int neurons, int motor, int sensory, sbyte[] recurrent, sbyte[] sensoryPolarity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(motor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(motor, neurons);
        ArgumentOutOfRangeException.ThrowIfLessThan(sensory, 1);
        if (recurrent.Length != neurons * neurons) throw new ArgumentException($"recurrent matrix holds {recurrent.Length} entries, expected {neurons}x{neurons}", nameof(recurrent));
        if (sensoryPolarity.Length != sensory * neurons) throw new ArgumentException($"sensory matrix holds {sensoryPolarity.Length} entries, expected {sensory}x{neurons}", nameof(sensoryPolarity));
        if (recurrent.Concat(sensoryPolarity).Any(p => p is < -1 or > 1)) throw new ArgumentException("polarities must be -1, 0 or +1");
        Neurons = neurons;
        Motor = motor;
        Sensory = sensory;
        _recurrent = [.. recurrent];
        _sensory = [.. sensoryPolarity];
    }

    public int Neurons { get; }

    public int Motor { get; }

    public int Sensory { get; }

    /// <summary>[pre, post] polarity of neuron-to-neuron synapses.</summary>
    public ReadOnlySpan<sbyte> Recurrent => _recurrent;

    /// <summary>[feature, post] polarity of input-to-neuron synapses.</summary>
    public ReadOnlySpan<sbyte> SensoryPolarity => _sensory;

    public int RecurrentSynapses => _recurrent.Count(p => p != 0);

    public int SensorySynapses => _sensory.Count(p => p != 0);

    /// <summary>
    /// Every synapse present, self-connections included; each polarity drawn from the seed, excitatory
    /// with probability 2/3 (as ncps's fully connected wiring).
    /// </summary>
    public static LtcWiring FullyConnected(int neurons, int motor, int sensory, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sensory, 1);
        var rng = new Random(seed);
        sbyte Draw() => rng.Next(3) == 0 ? (sbyte)-1 : (sbyte)1;
        var recurrent = new sbyte[neurons * neurons];
        for (int i = 0; i < recurrent.Length; i++) recurrent[i] = Draw();
        var sensoryPolarity = new sbyte[sensory * neurons];
        for (int i = 0; i < sensoryPolarity.Length; i++) sensoryPolarity[i] = Draw();
        return new LtcWiring(neurons, motor, sensory, recurrent, sensoryPolarity);
    }
}
