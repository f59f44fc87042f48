namespace Dlnet.Nn.Recurrent;

/// <summary>
/// Neural circuit policy wiring (Lechner et al., Nature Machine Intelligence 2020), with the layer
/// rules of the ncps library: sensory inputs fan out to inter neurons, inter neurons to command
/// neurons, command neurons connect among themselves and fan in to the motor neurons. Neurons that a
/// layer's fan-out leaves without any input (or, for command neurons, without any motor target) get
/// the layer's mean number of connections, so every neuron lies on a path from input to output.
/// Each synapse's polarity is +1 or -1 with equal probability. Everything is drawn from the seed.
/// Neuron order: motor, then command, then inter.
/// </summary>
public static class NcpWiring
{
    /// <param name="sensory">Input features per step.</param>
    /// <param name="inter">Inter neurons (first layer after the inputs).</param>
    /// <param name="command">Command neurons (the recurrent layer).</param>
    /// <param name="motor">Motor neurons (outputs).</param>
    /// <param name="sensoryFanout">Inter neurons each input feeds (at most <paramref name="inter"/>).</param>
    /// <param name="interFanout">Command neurons each inter neuron feeds (at most <paramref name="command"/>).</param>
    /// <param name="recurrentCommandSynapses">Command-to-command synapses drawn (repeats merge).</param>
    /// <param name="motorFanin">Command neurons feeding each motor neuron (at most <paramref name="command"/>).</param>
    /// <param name="seed">Seed of every draw.</param>
    public static LtcWiring Create(int sensory, int inter, int command, int motor, int sensoryFanout, int interFanout,
        int recurrentCommandSynapses, int motorFanin, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sensory, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inter, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(command, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(motor, 1);
        CheckFan(sensoryFanout, inter, nameof(sensoryFanout), "inter");
        CheckFan(interFanout, command, nameof(interFanout), "command");
        CheckFan(motorFanin, command, nameof(motorFanin), "command");
        ArgumentOutOfRangeException.ThrowIfNegative(recurrentCommandSynapses);

        int neurons = motor + command + inter;
        int[] motorIds = [.. Enumerable.Range(0, motor)];
        int[] commandIds = [.. Enumerable.Range(motor, command)];
        int[] interIds = [.. Enumerable.Range(motor + command, inter)];
        var recurrent = new sbyte[neurons * neurons];
        var sensoryPolarity = new sbyte[sensory * neurons];
        var rng = new Random(seed);
        sbyte Polarity() => rng.Next(2) == 0 ? (sbyte)-1 : (sbyte)1;

        // Sensory -> inter (the sensory matrix has the same [source, neuron] layout).
        Connect(rng, sensoryPolarity, neurons, [.. Enumerable.Range(0, sensory)], interIds, sensoryFanout, Polarity);

        // Inter -> command.
        Connect(rng, recurrent, neurons, interIds, commandIds, interFanout, Polarity);

        // Command -> command.
        for (int n = 0; n < recurrentCommandSynapses; n++)
        {
            int src = commandIds[rng.Next(command)], dst = commandIds[rng.Next(command)];
            recurrent[src * neurons + dst] = Polarity();
        }

        // Command -> motor: each motor neuron draws its sources, then silent command neurons get targets.
        foreach (int dst in motorIds)
            foreach (int src in Sample(rng, commandIds, motorFanin))
                recurrent[src * neurons + dst] = Polarity();
        int commandFanout = Math.Clamp(motor * motorFanin / command, 1, motor);
        foreach (int src in commandIds)
            if (!motorIds.Any(dst => recurrent[src * neurons + dst] != 0))
                foreach (int dst in Sample(rng, motorIds, commandFanout))
                    recurrent[src * neurons + dst] = Polarity();

        return new LtcWiring(neurons, motor, sensory, recurrent, sensoryPolarity);
    }

    /// <summary>Each source feeds <paramref name="fanout"/> distinct targets; targets left without a source get the mean fan-in.</summary>
    private static void Connect(Random rng, sbyte[] matrix, int neurons, int[] sources, int[] targets, int fanout, Func<sbyte> polarity)
    {
        foreach (int src in sources)
            foreach (int dst in Sample(rng, targets, fanout))
                matrix[src * neurons + dst] = polarity();
        int fanin = Math.Clamp(sources.Length * fanout / targets.Length, 1, sources.Length);
        foreach (int dst in targets)
            if (!sources.Any(src => matrix[src * neurons + dst] != 0))
                foreach (int src in Sample(rng, sources, fanin))
                    matrix[src * neurons + dst] = polarity();
    }

    /// <summary><paramref name="count"/> distinct items drawn without replacement (partial Fisher-Yates).</summary>
    private static int[] Sample(Random rng, int[] items, int count)
    {
        int[] pool = [.. items];
        for (int k = 0; k < count; k++)
        {
            int pick = k + rng.Next(pool.Length - k);
            (pool[k], pool[pick]) = (pool[pick], pool[k]);
        }
        return pool[..count];
    }

    private static void CheckFan(int fan, int layer, string name, string layerName)
    {
        if (fan < 1 || fan > layer) throw new ArgumentOutOfRangeException(name, $"{name} {fan} must lie in 1..{layer} ({layerName} neurons)");
    }
}
