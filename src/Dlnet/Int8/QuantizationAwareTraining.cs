using Dlnet.Architectures;
using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Optimization;

namespace Dlnet.Int8;

/// <summary>
/// Quantisation-aware training as a <see cref="Trainer"/> hook, for the architectures that say what they
/// hold in int8 (<see cref="IQuantizationAwareArchitecture"/>): the forward and backward passes see int8
/// fake-quantised weights (per output channel; for the teacher and students every dense layer and the
/// liquid block's coupling matrices W, or U and V^T) and int8 fake-quantised activations
/// (<see cref="ActivationQuantizer{T}"/>), while the optimiser updates float master weights with the
/// gradient taken at the quantised ones (the straight-through estimator). The weights kept are the
/// master weights, which the integer engine quantises to the very codes training saw.
/// <para>
/// Activation ranges are calibrated at the start of every epoch as min and max over the training
/// windows (or a fixed, evenly spaced subset of them), in inference mode with quantised weights, so they
/// follow the weights as they move, depend on nothing but the parameters, and are what an engine
/// calibrating on the same windows finds. Validation runs quantised as well, so the checkpoint kept is
/// the best as deployed. Per-unit vectors (alpha, beta, the coupling's diagonal, LayerNorm, the
/// residual scale) and biases are not rounded: the engine holds them as 32-bit multipliers and int32
/// biases. Nor are the int16 liquid state and output: their rounding is 256 times finer than int8's.
/// </para>
/// </summary>
public sealed class QuantizationAwareTraining : ITrainingHook
{
    private const int CalibrationBatch = 256;

    private readonly INetwork<float> _network;
    private readonly IReadOnlyList<QuantizedWeight> _weights;
    private readonly IReadOnlyList<LayerStack<float>> _stacks;
    private readonly ActivationQuantizer<float>[] _quantizers;
    private readonly IActivationTransform<float>?[] _transformsBefore;
    private readonly float[] _master;
    private readonly int? _calibrationWindows;
    private float[] _calibrationInputs = [];
    private int _calibrationCount;
    private bool _swapped, _attached;

    /// <param name="network">A network of an <see cref="IQuantizationAwareArchitecture"/>.</param>
    /// <param name="calibrationWindows">Training windows the ranges are calibrated on, evenly spaced; null for all of them.</param>
    /// <exception cref="ArgumentException">The network's architecture has no fake-quantised form.</exception>
    public QuantizationAwareTraining(INetwork<float> network, int? calibrationWindows = null)
    {
        if (calibrationWindows is int c) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c);
        var layers = (ArchitectureRegistry.Find<IQuantizationAwareArchitecture>(network.Architecture)
            ?? throw new ArgumentException($"quantisation-aware training knows {ArchitectureRegistry.Listed<IQuantizationAwareArchitecture>()}, not '{network.Architecture}'", nameof(network)))
            .FakeQuantized(network);
        _network = network;
        _calibrationWindows = calibrationWindows;
        _weights = layers.Weights;
        _stacks = layers.Activations;
        _master = new float[_weights.Sum(w => w.Tensor.Length)];
        _quantizers = [.. _stacks.Select(stack => new ActivationQuantizer<float>(stack))];
        foreach (var (stack, boundary) in layers.Wide ?? []) QuantizerOf(stack).LeaveUnquantized(boundary);
        _transformsBefore = new IActivationTransform<float>?[_stacks.Count];
    }

    /// <summary>The activation quantiser of <paramref name="stack"/>, one of the network's layer stacks.</summary>
    /// <exception cref="ArgumentException">A stack whose activations are not quantised.</exception>
    public ActivationQuantizer<float> QuantizerOf(LayerStack<float> stack)
    {
        for (int i = 0; i < _stacks.Count; i++) if (ReferenceEquals(_stacks[i], stack)) return _quantizers[i];
        throw new ArgumentException("the activations of this layer stack are not quantised", nameof(stack));
    }

    /// <summary>The weight tensors quantised per output channel.</summary>
    public IEnumerable<ParameterTensor> QuantizedTensors => _weights.Select(w => w.Tensor);

    public void Begin(TrainingSession session)
    {
        if (session.Network != _network) throw new ArgumentException("the session trains another network than this hook was made for", nameof(session));
        SelectCalibrationWindows(session.EncodedInputs, session.Train.Count);
        Attach();
    }

    public void BeginEpoch(int epoch) => Calibrate(_calibrationInputs, _calibrationCount);

    public void BeforeBatch() => SwapInQuantized();

    public void BeforeStep() => RestoreMaster();

    public void BeforeValidation() => SwapInQuantized();

    public void AfterValidation() => RestoreMaster();

    public void End()
    {
        RestoreMaster();
        Detach();
    }

    /// <summary>
    /// Attaches the activation quantisers to the network, calibrates them on <paramref name="encodedInputs"/>
    /// and swaps the quantised weights in: the network then computes what the fake-quantised model does,
    /// until <see cref="End"/>. For measuring a trained model as it will be deployed.
    /// </summary>
    public void Simulate(float[] encodedInputs, int count)
    {
        SelectCalibrationWindows(encodedInputs, count);
        Attach();
        Calibrate(_calibrationInputs, _calibrationCount);
        SwapInQuantized();
    }

    /// <summary>All windows, or an evenly spaced subset (training windows come series by series: not the first ones).</summary>
    private void SelectCalibrationWindows(float[] encodedInputs, int count)
    {
        int w = _network.InputSize;
        if (encodedInputs.Length < count * w) throw new ArgumentException($"{count} windows need {count * w} inputs, got {encodedInputs.Length}", nameof(encodedInputs));
        _calibrationCount = Math.Min(count, _calibrationWindows ?? count);
        if (_calibrationCount == count)
        {
            _calibrationInputs = encodedInputs;
            return;
        }
        _calibrationInputs = new float[_calibrationCount * w];
        for (int i = 0; i < _calibrationCount; i++)
        {
            int k = (int)((long)i * count / _calibrationCount);
            encodedInputs.AsSpan(k * w, w).CopyTo(_calibrationInputs.AsSpan(i * w, w));
        }
    }

    private void Attach()
    {
        if (_attached) return;
        for (int i = 0; i < _stacks.Count; i++)
        {
            _transformsBefore[i] = _stacks[i].Transform;
            _stacks[i].Transform = _quantizers[i];
        }
        _attached = true;
    }

    private void Detach()
    {
        if (!_attached) return;
        for (int i = 0; i < _stacks.Count; i++) _stacks[i].Transform = _transformsBefore[i];
        _attached = false;
    }

    /// <summary>Observes the activation ranges of <paramref name="count"/> windows (one thread), with quantised weights.</summary>
    private void Calibrate(ReadOnlySpan<float> inputs, int count)
    {
        if (count == 0) return;
        int w = _network.InputSize;
        var workspace = _network.CreateWorkspace(Math.Min(CalibrationBatch, count));
        var outputs = new float[Math.Min(CalibrationBatch, count) * _network.OutputSize];
        SwapInQuantized();
        foreach (var quantizer in _quantizers) quantizer.BeginCalibration();
        try
        {
            for (int first = 0; first < count; first += CalibrationBatch)
            {
                int n = Math.Min(CalibrationBatch, count - first);
                _network.Forward(workspace, inputs.Slice(first * w, n * w), outputs.AsSpan(0, n * _network.OutputSize), n, training: false);
            }
        }
        finally
        {
            foreach (var quantizer in _quantizers) quantizer.EndCalibration();
            RestoreMaster();
        }
    }

    /// <summary>Keeps the master weights and writes their fake-quantised values into the network.</summary>
    private void SwapInQuantized()
    {
        if (_swapped) return;
        var store = _network.Parameters;
        int offset = 0;
        foreach (var (tensor, outputs, inputs) in _weights)
        {
            var values = store[tensor];
            values.CopyTo(_master.AsSpan(offset, tensor.Length));
            FakeQuantization.WeightsPerChannelInt8<float>(_master.AsSpan(offset, tensor.Length), values, outputs, inputs);
            offset += tensor.Length;
        }
        _swapped = true;
    }

    /// <summary>Puts the master weights back (the gradient of the quantised ones then updates them: straight through).</summary>
    private void RestoreMaster()
    {
        if (!_swapped) return;
        var store = _network.Parameters;
        int offset = 0;
        foreach (var (tensor, _, _) in _weights)
        {
            _master.AsSpan(offset, tensor.Length).CopyTo(store[tensor]);
            offset += tensor.Length;
        }
        _swapped = false;
    }
}
