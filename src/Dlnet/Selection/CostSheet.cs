using System.Numerics;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Liquid;
using Dlnet.Nn.Networks;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Selection;

/// <summary>Running totals while <see cref="CostModel"/> walks a network's inference, block by block.</summary>
internal sealed class CostSheet
{
    public long Bytes { get; private set; }
    public long Macs { get; private set; }
    public long Elementwise { get; private set; }
    public long Lookups { get; private set; }
    public long Calls { get; private set; }
    public long PeakLive { get; private set; }

    /// <summary>Input steps the network runs: 1 for a feed-forward network.</summary>
    public int Steps { get; private set; } = 1;

    /// <summary>MACs of one input step of a recurrent network's cells; null for a feed-forward network (all its MACs).</summary>
    public long? MacsPerStep { get; private set; }

    readonly Dictionary<string, KernelWork> _kernels = new(StringComparer.Ordinal);

    /// <summary>
    /// The work of each runtime kernel the generated C calls, by the kernel's C name (and <see cref="KernelWork.ModelCode"/> for
    /// the generated code around them): filled by the walks whose blocks are one kernel each (<see cref="EncoderDecoder{T}"/>),
    /// empty for networks without a C form.
    /// </summary>
    public IReadOnlyDictionary<string, KernelWork> Kernels => _kernels;

    void Kernel(string kernel, long macs, long elements, long calls = 1) =>
        _kernels[kernel] = _kernels.GetValueOrDefault(kernel) + new KernelWork(calls, macs, elements);

    /// <summary>The kernel of a block of the encoder or decoder; <paramref name="dense"/> names the C kernel of its matrix product.</summary>
    void KernelOf<T>(ILayer<T> layer, string dense) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (layer)
        {
            case Dense<T> d: Kernel(dense, (long)d.InputSize * d.OutputSize, d.OutputSize); break;
            case LayerNorm<T> n: Kernel(KernelWork.LayerNorm, 0, n.InputSize); break;
            case Activation<T> a when a.Kind != ActivationKind.ReLU: Kernel(KernelWork.Lookup, 0, a.InputSize); break;
        }
    }

    /// <summary>Counts one block; <paramref name="live"/> is the bytes of activation buffers it needs at once.</summary>
    public void Add(long bytes = 0, long macs = 0, long elementwise = 0, long lookups = 0, long calls = 1, long live = 0)
    {
        Bytes += bytes;
        Macs += macs;
        Elementwise += elementwise;
        Lookups += lookups;
        Calls += calls;
        PeakLive = Math.Max(PeakLive, live);
    }

    public void Dense(int inputs, int outputs) =>
        Add(Int8Footprint.DenseBytes(inputs, outputs), (long)inputs * outputs, outputs, live: inputs + outputs);

    public void LayerNorm(int n) => Add(Int8Footprint.LayerNormBytes(n), elementwise: 3L * n, live: n);

    public void Activation(ActivationKind kind, int n)
    {
        bool table = kind != ActivationKind.ReLU;
        // ReLU runs as the clamp of the previous kernel's requantisation: no call of its own.
        Add(table ? Int8Footprint.Int8TableBytes : 0, elementwise: n, lookups: table ? n : 0, calls: table ? 1 : 0, live: n);
    }

    public void Layer<T>(ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (layer)
        {
            case Dense<T> dense: Dense(dense.InputSize, dense.OutputSize); break;
            case LayerNorm<T> norm: LayerNorm(norm.InputSize); break;
            case Activation<T> activation: Activation(activation.Kind, activation.InputSize); break;
            case Dropout<T>: break;
            default: throw new NotSupportedException($"no cost known for layer {layer.GetType().Name}");
        }
    }

    /// <summary>The liquid block of <see cref="Int8Footprint"/>, all its steps and stages.</summary>
    public void Liquid(LiquidOdeOptions ode)
    {
        long h = ode.Hidden;
        bool lowRank = ode.Coupling == LiquidCoupling.DiagonalPlusLowRank;
        long r = lowRank ? ode.Rank : 0;
        int stages = ode.Steps * (ode.Solver == OdeSolver.Euler ? 1 : 4);
        long coupling = lowRank ? 2 * h * r + 8 * r + 8 * h + 2 * h : h * h + 8 * h;
        long macsPerStage = lowRank ? 2 * h * r + h : h * h;
        // RK4 also keeps the step's start and the weighted sum of slopes (two more int16 vectors).
        long live = 5 * h + 4 * r + (ode.Solver == OdeSolver.Euler ? 0 : 4 * h);
        Add(4 * h + Int8Footprint.Int16TableBytes + 3 * Int8Footprint.RequantBytes + coupling,
            stages * macsPerStage, stages * 3 * h, stages * h, stages * (lowRank ? 3 : 2), live);
    }

    /// <summary>The teacher's and the students' shape: encoder, liquid block, residual, decoder.</summary>
    public void EncoderDecoder<T>(LiquidEncoderDecoder<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The drive u = mean of the window, taken before the encoder while the window is live.
        Add(elementwise: network.InputSize, live: network.InputSize);
        // The first layer reads the int16 window with int8 weights; later ones int8 activations; the last decoder layer is the output head.
        var encoder = network.Encoder.Layers;
        int firstDense = encoder.ToList().FindIndex(l => l is Dense<T>);
        for (int i = 0; i < encoder.Count; i++)
        {
            Layer(encoder[i]);
            KernelOf(encoder[i], i == firstDense ? KernelWork.DenseS16W8 : KernelWork.DenseS8);
        }
        Liquid(network.Ode.Options);
        var ode = network.Ode.Options;
        long rank = ode.Coupling == LiquidCoupling.DiagonalPlusLowRank ? ode.Rank : 0;
        int stages = ode.Steps * (ode.Solver == OdeSolver.Euler ? 1 : 4);
        Kernel(KernelWork.Liquid, stages * (rank > 0 ? 2L * ode.Hidden * rank + ode.Hidden : (long)ode.Hidden * ode.Hidden), stages * (long)ode.Hidden, stages);
        // x = x_T + r*x0: the int16 x_T and int8 x0 in, an int8 latent out.
        Add(elementwise: network.Hidden, live: 4L * network.Hidden);
        Kernel(KernelWork.ModelCode, 0, network.InputSize + (long)network.Hidden, 1);
        var decoder = network.Decoder.Layers;
        int lastDense = decoder.ToList().FindLastIndex(l => l is Dense<T>);
        for (int i = 0; i < decoder.Count; i++)
        {
            Layer(decoder[i]);
            KernelOf(decoder[i], i == lastDense ? KernelWork.Head : KernelWork.DenseS8);
        }
        // The residual base's anchors over the window's tail: one int16 product of the same size for every student,
        // counted as a call (the cost of a student with another output form is overstated by it, never understated).
        Kernel(KernelWork.DenseS16, 0, 0);
    }

    /// <summary>
    /// Every cell over every step, then the head. Weights: matrices int8 with per-row requantisation,
    /// vectors int32; each cell's lookup tables as <paramref name="cell"/> counts them, 256 bytes each.
    /// Live: the window and, per cell, what <paramref name="cell"/> says (its int8 output, int16 memory and
    /// int16 gate or int32 sum buffers).
    /// </summary>
    public void Recurrent<T>(RecurrentNetwork<T> network, Func<RecurrentCell<T>, CellCost> cell) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var tensor in network.Parameters.Tensors)
            Add(tensor.Shape.Length == 2
                ? tensor.Length + (long)tensor.Shape[0] * Int8Footprint.RequantBytes
                : 4L * tensor.Length, calls: 0);

        int steps = network.Steps;
        long macsPerStep = 0, live = network.InputSize;
        foreach (var layer in network.Layers)
        {
            var c = cell(layer);
            Add(c.Tables * Int8Footprint.Int8TableBytes, steps * c.Macs, steps * (c.Lookups + c.Other), steps * c.Lookups, steps * c.Calls, 0);
            macsPerStep += c.Macs;
            live += c.Live;
        }
        Add(live: live, calls: 0);
        long readout = network.ReadoutSize, outputs = network.OutputSize;
        // Head: its bytes are already in the tensor walk above; only its work and buffers here.
        Add(macs: readout * outputs, elementwise: outputs, live: readout + outputs);
        Steps = steps;
        MacsPerStep = macsPerStep;
    }
}
