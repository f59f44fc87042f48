using System.Numerics;
using Dlnet.Nn.Kernels;

namespace Dlnet.Nn.Recurrent;

/// <summary>
/// A network that reads its input window as a sequence and steps one or more stacked recurrent cells
/// over it, then maps the last cell's final output through a linear head to the horizon.
/// <para>
/// The window of <see cref="InputSize"/> scalars is read as <see cref="Steps"/> steps of
/// <see cref="Features"/> scalars, oldest first, each step's features contiguous
/// (<c>input[b, s * Features + f]</c>). Every step's inputs and states are kept in the
/// <see cref="RecurrentWorkspace"/> for back-propagation through time; nothing is allocated per pass.
/// </para>
/// </summary>
public abstract class RecurrentNetwork<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentCell<T>[] _layers;
    private readonly ParameterTensor _headWeight;
    private readonly ParameterTensor _headBias;

    /// <summary>
    /// Takes the <paramref name="parameters"/> the <paramref name="layers"/> have registered into and adds
    /// the head last. Layer 0 must read <paramref name="features"/> scalars per step, each further layer
    /// the state of the one below.
    /// </summary>
    protected RecurrentNetwork(string architecture, int inputSize, int outputSize, int features,
        ParameterStore<T> parameters, IReadOnlyList<RecurrentCell<T>> layers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        if (inputSize < features || inputSize % features != 0)
            throw new ArgumentException($"input size {inputSize} is not a whole number of steps of {features} features", nameof(inputSize));
        if (layers.Count == 0) throw new ArgumentException("a recurrent network needs at least one layer", nameof(layers));
        for (int l = 0; l < layers.Count; l++)
        {
            int expected = l == 0 ? features : layers[l - 1].StateSize;
            if (layers[l].InputSize != expected)
                throw new ArgumentException($"layer {l} reads {layers[l].InputSize} scalars per step but receives {expected}", nameof(layers));
        }

        Architecture = architecture;
        InputSize = inputSize;
        OutputSize = outputSize;
        Features = features;
        Steps = inputSize / features;
        Parameters = parameters;
        _layers = [.. layers];
        _headWeight = parameters.Add("head.weight", outputSize, ReadoutSize);
        _headBias = parameters.Add("head.bias", outputSize);
    }

    public string Architecture { get; }

    public ParameterStore<T> Parameters { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>Scalars per step (1: the normalised value of each cycle).</summary>
    public int Features { get; }

    /// <summary>Steps in one input window, InputSize / Features.</summary>
    public int Steps { get; }

    /// <summary>Stacked cells, input side first.</summary>
    public IReadOnlyList<RecurrentCell<T>> Layers => _layers;

    /// <summary>Scalars the linear head reads: the output of the last cell after the last step.</summary>
    public int ReadoutSize => _layers[^1].OutputSize;

    public void Initialize(int seed)
    {
        Parameters.Values.Clear();
        var rng = new Random(seed);
        foreach (var layer in _layers) layer.Initialize(Parameters, rng);
        double bound = 1.0 / Math.Sqrt(ReadoutSize);
        CellMath.Uniform(Parameters[_headWeight], rng, -bound, bound);
        CellMath.Uniform(Parameters[_headBias], rng, -bound, bound);
    }

    public NetworkWorkspace CreateWorkspace(int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        return new RecurrentWorkspace(maxBatch, Steps, Features, _layers);
    }

    public void Forward(NetworkWorkspace workspace, ReadOnlySpan<T> input, Span<T> output, int batch, bool training)
    {
        var ws = Check(workspace, batch);
        if (input.Length < batch * InputSize) throw new ArgumentException($"input holds {input.Length} scalars, batch needs {batch * InputSize}", nameof(input));
        if (output.Length < batch * OutputSize) throw new ArgumentException($"output holds {output.Length} scalars, batch needs {batch * OutputSize}", nameof(output));
        ReadOnlySpan<T> p = Parameters.Values;

        // Time-major copy of the window so each step's inputs are one contiguous [batch, Features] block.
        for (int b = 0; b < batch; b++)
            for (int s = 0; s < Steps; s++)
                input.Slice(b * InputSize + s * Features, Features).CopyTo(ws.Inputs.AsSpan((s * batch + b) * Features, Features));

        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var states = ws.States[l];
            int h = layer.StateSize;
            states.AsSpan(0, batch * h).Clear();
            layer.BeginForward(ws.Cells[l], p, batch);
            for (int t = 0; t < Steps; t++)
                layer.Forward(ws.Cells[l], p, t, LayerInput(ws, l, t, batch), states.AsSpan(t * batch * h, batch * h),
                    states.AsSpan((t + 1) * batch * h, batch * h), batch);
        }

        var top = _layers[^1];
        var readout = ws.Readout.AsSpan(0, batch * ReadoutSize);
        top.Output(p, ws.States[^1].AsSpan(Steps * batch * top.StateSize, batch * top.StateSize), readout, batch);
        Linear.Forward(output, readout, _headWeight.View(p), _headBias.View(p), batch, ReadoutSize, OutputSize);
    }

    public void Backward(NetworkWorkspace workspace, ReadOnlySpan<T> outputGradient, Span<T> parameterGradient, int batch)
    {
        var ws = Check(workspace, batch);
        if (outputGradient.Length < batch * OutputSize) throw new ArgumentException($"output gradient holds {outputGradient.Length} scalars, batch needs {batch * OutputSize}", nameof(outputGradient));
        if (parameterGradient.Length != Parameters.Count) throw new ArgumentException($"gradient holds {parameterGradient.Length} scalars, the network has {Parameters.Count}", nameof(parameterGradient));
        ReadOnlySpan<T> p = Parameters.Values;

        var dReadout = ws.ReadoutGradient.AsSpan(0, batch * ReadoutSize);
        dReadout.Clear();
        Linear.Backward(dReadout, _headWeight.Slot(parameterGradient), _headBias.Slot(parameterGradient),
            outputGradient[..(batch * OutputSize)], ws.Readout.AsSpan(0, batch * ReadoutSize), _headWeight.View(p),
            batch, ReadoutSize, OutputSize);

        // Carry[l] holds dLoss/dh of layer l at the step being back-propagated: the recurrent part from the
        // step after it, plus (added by the layer above, which goes first) the part through the layer above.
        for (int l = 0; l < _layers.Length; l++)
        {
            ws.Carry[l].AsSpan(0, batch * _layers[l].StateSize).Clear();
            _layers[l].BeginBackward(ws.Cells[l], batch);
        }
        var top = _layers[^1];
        top.OutputBackward(p, ws.States[^1].AsSpan(Steps * batch * top.StateSize, batch * top.StateSize), dReadout,
            ws.Carry[^1].AsSpan(0, batch * top.StateSize), parameterGradient, batch);

        for (int t = Steps - 1; t >= 0; t--)
        {
            for (int l = _layers.Length - 1; l >= 0; l--)
            {
                var layer = _layers[l];
                int h = layer.StateSize;
                var states = ws.States[l];
                var dhPrev = ws.Scratch.AsSpan(0, batch * h);
                dhPrev.Clear();
                var dx = l > 0 ? ws.Carry[l - 1].AsSpan(0, batch * layer.InputSize) : Span<T>.Empty;
                layer.Backward(ws.Cells[l], p, t, LayerInput(ws, l, t, batch), states.AsSpan(t * batch * h, batch * h),
                    states.AsSpan((t + 1) * batch * h, batch * h), ws.Carry[l].AsSpan(0, batch * h), dx, dhPrev, parameterGradient, batch);
                dhPrev.CopyTo(ws.Carry[l]);
            }
        }

        for (int l = 0; l < _layers.Length; l++) _layers[l].EndBackward(ws.Cells[l], p, parameterGradient, batch);
    }

    /// <summary>What layer <paramref name="l"/> reads at step <paramref name="t"/>: the window, or the states of the layer below.</summary>
    private ReadOnlySpan<T> LayerInput(RecurrentWorkspace ws, int l, int t, int batch)
    {
        if (l == 0) return ws.Inputs.AsSpan(t * batch * Features, batch * Features);
        int below = _layers[l - 1].StateSize;
        return ws.States[l - 1].AsSpan((t + 1) * batch * below, batch * below);
    }

    private RecurrentWorkspace Check(NetworkWorkspace workspace, int batch)
    {
        if (workspace is not RecurrentWorkspace ws || ws.Owner != (object)_layers)
            throw new ArgumentException("workspace was not created by this network", nameof(workspace));
        if (batch < 1 || batch > ws.MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), $"batch {batch} outside 1..{ws.MaxBatch}");
        return ws;
    }

    /// <summary>Inputs, states and cell buffers of every step, for up to <see cref="NetworkWorkspace.MaxBatch"/> samples.</summary>
    private sealed class RecurrentWorkspace : NetworkWorkspace
    {
        public RecurrentWorkspace(int maxBatch, int steps, int features, RecurrentCell<T>[] layers) : base(maxBatch)
        {
            Owner = layers;
            Inputs = new T[steps * maxBatch * features];
            States = [.. layers.Select(c => new T[(steps + 1) * maxBatch * c.StateSize])];
            Carry = [.. layers.Select(c => new T[maxBatch * c.StateSize])];
            Scratch = new T[maxBatch * layers.Max(c => c.StateSize)];
            Cells = [.. layers.Select(c => c.CreateWorkspace(steps, maxBatch))];
            Readout = new T[maxBatch * layers[^1].OutputSize];
            ReadoutGradient = new T[Readout.Length];
        }

        public object Owner { get; }

        /// <summary>[step, batch, feature].</summary>
        public T[] Inputs { get; }

        /// <summary>Per layer [step + 1, batch, state]; step 0 is the zero initial state.</summary>
        public T[][] States { get; }

        public T[][] Carry { get; }

        public T[] Scratch { get; }

        public CellWorkspace[] Cells { get; }

        public T[] Readout { get; }

        public T[] ReadoutGradient { get; }
    }
}
