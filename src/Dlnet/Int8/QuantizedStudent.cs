namespace Dlnet.Int8;

/// <summary>
/// The integer reference engine of a deployed Euler student: the exact computation the generated C runs,
/// kernel for kernel, on the C# twins of the runtime's kernels, so that both give the same bits.
/// <code>
/// int16 SOH window (1 + code 2^-16)
///   -> [median_filter_s16]                          running median, when the encoding has one int16 SOH window
///   -> fully_connected_s16 (bias b - x_last S)     first layer, n + 1 rows            int16 pre-norm | drive u (Q3.12)
///   -> layer_norm_s16_s8                            ReLU fused                         int8
///   -> fully_connected_s8_s16 + layer_norm_s16      second encoder layer               Q3.12
///   -> lut_s16 (tanh)                               x0                                 Q0.15
///   -> liquid_euler_s16 per step                    x_T                                int16, s_x
///   -> scaled_add_s16                               x = x_T + r x0                     int16
///   -> requantize_s16                               int8 latent
///   -> [fully_connected_s8_s16 + layer_norm_s16_s8] decoder layers (ReLU fused)        int8
///   -> residual: fully_connected_s16 over the tail  the quadratic's anchors            int16, a step of codes
///   -> forecast_s8_s16                              output layer + base + x_last       int16 SOH forecast
/// </code>
/// The plain int8 entry point (<see cref="Run"/>) widens int8 input codes to int16 for the same first layer and
/// requantises the correction to int8. Buffers are allocated once: one instance serves one thread.
/// </summary>
public sealed class QuantizedStudent
{
    readonly short[] _filtered;
    readonly short[] _widened;
    readonly sbyte[] _activations;
    readonly short[] _wide;
    readonly short[] _start;
    readonly short[] _state;
    readonly short[] _scratch;
    readonly short[] _anchors;
    readonly long[] _firstBias;

    internal QuantizedStudent(string name, int medianWidth, QuantizedOutputForm form, QuantizedInputLayer input, QuantizedNormDense encoderOutput, QuantizedLiquidBlock liquid,
        IReadOnlyList<QuantizedNormDense> decoder, int calibrationWindows)
    {
        Name = name;
        MedianWidth = medianWidth;
        Form = form;
        InputLayer = input;
        EncoderOutput = encoderOutput;
        Liquid = liquid;
        Decoder = decoder;
        CalibrationWindows = calibrationWindows;
        _filtered = new short[InputLength];
        _widened = new short[InputLength];
        _activations = new sbyte[ActivationLength];
        _wide = new short[WideLength];
        _start = new short[liquid.Hidden];
        _state = new short[liquid.Hidden];
        _scratch = new short[liquid.ScratchLength];
        _anchors = new short[Math.Max(form.Anchors, 1)];
        _firstBias = new long[input.Outputs + 1];
    }

    /// <summary>Name of the float model it came from.</summary>
    public string Name { get; }

    public int InputLength => Form.InputLength;

    /// <summary>Width of the running median the SOH window passes first (<see cref="MedianFilterS16"/>); 0 for none.</summary>
    public int MedianWidth { get; }

    public int Horizon => Form.Horizon;

    /// <summary>Training windows the scales were calibrated on.</summary>
    public int CalibrationWindows { get; }

    /// <summary>int8 parameters of the network input of the plain int8 entry point (the encoded window).</summary>
    public QuantizationParams Input => InputLayer.Int8Input;

    /// <summary>int8 parameters of the network output of the plain int8 entry point (the encoded correction).</summary>
    public QuantizationParams Output => Form.Output;

    internal QuantizedOutputForm Form { get; }

    internal QuantizedInputLayer InputLayer { get; }

    /// <summary>The encoder's second layer, up to the tanh table.</summary>
    internal QuantizedNormDense EncoderOutput { get; }

    internal QuantizedLiquidBlock Liquid { get; }

    internal IReadOnlyList<QuantizedNormDense> Decoder { get; }

    /// <summary>Largest int8 activation vector.</summary>
    internal int ActivationLength => new[] { InputLayer.Outputs, Liquid.Hidden }.Concat(Decoder.Select(b => b.Outputs)).Max();

    /// <summary>Largest int16 working vector: the first product (n + 1 rows), pre-norm tensors, the int8 entry point's correction.</summary>
    internal int WideLength => new[] { InputLayer.Outputs + 1, EncoderOutput.Outputs, Horizon }.Concat(Decoder.Select(b => b.Outputs)).Max();

    /// <summary>Forecast of one window: <paramref name="soh"/> the last W values as SOH codes, oldest first; writes H codes.</summary>
    public void Forecast(ReadOnlySpan<short> soh, Span<short> forecast)
    {
        CheckLengths(soh.Length, forecast.Length);
        var window = Filter(soh);
        InputLayer.FoldOrigin(-Form.InputOffset(window), _firstBias);
        RunNetwork(window, _firstBias, int8: false);
        Form.Forecast(window, _activations, _anchors, forecast);
    }

    /// <summary>The plain int8 model: int8 input codes (<see cref="Input"/>) to int8 output codes (<see cref="Output"/>).</summary>
    public void Run(ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        CheckLengths(input.Length, output.Length);
        for (int i = 0; i < InputLength; i++) _widened[i] = input[i];
        RunNetwork(_widened, InputLayer.Int8Bias, int8: true);
        Form.Int8Output(_activations, _wide, output);
    }

    /// <summary>The int8 input of <see cref="Run"/> for one window of SOH codes, for checking the plain entry point: its encoded window, quantised.</summary>
    public void EncodeInput(ReadOnlySpan<short> soh, Span<sbyte> input)
    {
        if (soh.Length < InputLength || input.Length < InputLength) throw new ArgumentException($"expected {InputLength} values in and out");
        soh = Filter(soh);
        int origin = -Form.InputOffset(soh);
        double codeScale = InputLayer.CodeScale;
        for (int t = 0; t < InputLength; t++) input[t] = Input.QuantizeInt8((soh[t] - origin) * codeScale);
    }

    /// <summary>The window as the model reads it: the codes themselves, or their running median.</summary>
    ReadOnlySpan<short> Filter(ReadOnlySpan<short> soh)
    {
        if (MedianWidth == 0) return soh[..InputLength];
        MedianFilterS16.Run(_filtered, soh[..InputLength], MedianWidth);
        return _filtered;
    }

    /// <summary>The window to the activations the output layer reads.</summary>
    void RunNetwork(ReadOnlySpan<short> window, ReadOnlySpan<long> firstBias, bool int8)
    {
        var act = _activations.AsSpan();
        int n = InputLayer.Outputs;
        InputLayer.Run(window, firstBias, int8, _wide, act);
        short drive = _wide[n];
        EncoderOutput.RunS16(act, _wide, _start);
        LutS16.Apply(_start, _start, Liquid.TanhTable);
        Liquid.Run(drive, _start, _state, _scratch, act);
        foreach (var block in Decoder) block.Run(act, _wide, act);
    }

    void CheckLengths(int input, int output)
    {
        if (input < InputLength || output < Horizon)
            throw new ArgumentException($"expected {InputLength} input and {Horizon} output values, got {input} and {output}");
    }
}
