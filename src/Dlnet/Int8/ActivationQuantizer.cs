using System.Numerics;
using Dlnet.Nn.Layers;

namespace Dlnet.Int8;

/// <summary>
/// Fake int8 quantisation of the activations of one <see cref="LayerStack{T}"/>, at the tensors the integer
/// engine holds in int8 (docs/int8-scheme.md, section 6):
/// <list type="bullet">
/// <item>the input of a stack that starts with a dense layer (the window, or the latent the decoder reads),</item>
/// <item>every ReLU output (the next dense layer's int8 input; the ReLU is the kernel's clamp),</item>
/// <item>every tanh or sigmoid input (the lookup table's int8 index),</item>
/// </list>
/// each with asymmetric parameters from a calibrated range; and a stack's final tanh or sigmoid output,
/// with the tables' fixed parameters (tanh 1/128 and zero point 0, sigmoid 1/256 and -128).
/// <para>
/// Calibration: <see cref="BeginCalibration"/>, forward passes over training windows (one thread: the
/// ranges are plain fields), then <see cref="EndCalibration"/>, which turns the observed ranges into
/// parameters. Before the first calibration every value passes unchanged.
/// </para>
/// </summary>
public sealed class ActivationQuantizer<T> : IActivationTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly bool[] _calibrated;
    private readonly QuantizationParams?[] _params;
    private readonly double[] _min;
    private readonly double[] _max;
    private bool _observing;

    public ActivationQuantizer(LayerStack<T> stack)
    {
        var layers = stack.Layers;
        int boundaries = layers.Count + 1;
        _calibrated = new bool[boundaries];
        _params = new QuantizationParams?[boundaries];
        _min = new double[boundaries];
        _max = new double[boundaries];
        for (int l = 0; l < layers.Count; l++)
        {
            bool denseInput = l == 0 && layers[0] is Dense<T>;
            bool reluOutput = l > 0 && layers[l - 1] is Activation<T> { Kind: ActivationKind.ReLU };
            bool tableInput = layers[l] is Activation<T> { Kind: ActivationKind.Tanh or ActivationKind.Sigmoid };
            _calibrated[l] = denseInput || reluOutput || tableInput;
        }
        if (layers[^1] is Activation<T> { Kind: ActivationKind.Tanh })
            _params[layers.Count] = new QuantizationParams(1.0 / 128, 0);
        else if (layers[^1] is Activation<T> { Kind: ActivationKind.Sigmoid })
            _params[layers.Count] = new QuantizationParams(1.0 / 256, sbyte.MinValue);
    }

    /// <summary>Boundaries (layer inputs, and the stack output as <c>Layers.Count</c>) whose range is calibrated.</summary>
    public IEnumerable<int> CalibratedBoundaries => Enumerable.Range(0, _calibrated.Length).Where(b => _calibrated[b]);

    /// <summary>Parameters at <paramref name="boundary"/>, or null when it is not quantised (or not calibrated yet).</summary>
    public QuantizationParams? ParametersAt(int boundary) => _params[boundary];

    public bool Transforms(int boundary) => _calibrated[boundary] || _params[boundary] is not null;

    /// <summary>
    /// Leaves the values at <paramref name="boundary"/> in float from now on (for an engine that keeps that
    /// tensor wider than int8, or to measure what its rounding costs).
    /// </summary>
    public void LeaveUnquantized(int boundary)
    {
        _calibrated[boundary] = false;
        _params[boundary] = null;
    }

    /// <summary>Forgets the ranges; forward passes until <see cref="EndCalibration"/> record them and change nothing.</summary>
    public void BeginCalibration()
    {
        Array.Fill(_min, double.PositiveInfinity);
        Array.Fill(_max, double.NegativeInfinity);
        _observing = true;
    }

    /// <summary>Parameters from the recorded ranges (<see cref="QuantizationParams.FromMinMaxInt8"/>); quantises from now on.</summary>
    public void EndCalibration()
    {
        if (!_observing) throw new InvalidOperationException("no calibration was begun");
        _observing = false;
        for (int b = 0; b < _calibrated.Length; b++)
        {
            if (!_calibrated[b]) continue;
            if (_min[b] > _max[b]) throw new InvalidOperationException("calibration saw no values; run forward passes between BeginCalibration and EndCalibration");
            _params[b] = QuantizationParams.FromMinMaxInt8(_min[b], _max[b]);
        }
    }

    public void Apply(int boundary, Span<T> values, Span<byte> pass)
    {
        if (_observing)
        {
            if (_calibrated[boundary])
            {
                double min = _min[boundary], max = _max[boundary];
                foreach (T v in values)
                {
                    double x = double.CreateChecked(v);
                    if (x < min) min = x;
                    if (x > max) max = x;
                }
                _min[boundary] = min;
                _max[boundary] = max;
            }
            pass.Fill(1);
            return;
        }
        if (_params[boundary] is { } p) FakeQuantization.ActivationsInt8(values, pass, p);
        else pass.Fill(1);
    }
}
