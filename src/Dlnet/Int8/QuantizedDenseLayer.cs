namespace Dlnet.Int8;

/// <summary>
/// A dense layer prepared for integer inference: int8 weights per output channel, int32 biases, the
/// per-channel multipliers and the fused clamp, all computed once from the float layer and the calibrated
/// input and output parameters, for int8 inputs and int16 outputs. Running it allocates nothing. Its arrays
/// are what generated C hands to <c>dlnet_fully_connected_s8_s16</c>.
/// </summary>
public sealed class QuantizedDenseLayer
{
    public int Inputs { get; }
    public int Outputs { get; }
    public QuantizationParams Input { get; }
    public QuantizationParams Output { get; }
    /// <summary>[Outputs, Inputs] row-major, codes in [-127, 127].</summary>
    public sbyte[] Weights { get; }
    public double[] WeightScales { get; }
    public int[] Bias { get; }
    public int[] Multipliers { get; }
    public int[] Shifts { get; }
    public FullyConnectedParams Params { get; }

    QuantizedDenseLayer(int inputs, int outputs, QuantizationParams input, QuantizationParams output,
        sbyte[] weights, double[] weightScales, int[] bias, int[] multipliers, int[] shifts, FullyConnectedParams p)
    {
        (Inputs, Outputs, Input, Output) = (inputs, outputs, input, output);
        (Weights, WeightScales, Bias, Multipliers, Shifts, Params) = (weights, weightScales, bias, multipliers, shifts, p);
    }

    /// <summary>
    /// Quantises y = W x + b (W [outputs, inputs] row-major, <paramref name="bias"/> empty for none) for int8
    /// inputs with <paramref name="input"/> parameters and int16 outputs with <paramref name="output"/> parameters;
    /// <paramref name="relu"/> fuses a ReLU into the clamp.
    /// </summary>
    public static QuantizedDenseLayer Prepare(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int inputs, int outputs,
        QuantizationParams input, QuantizationParams output, bool relu = false)
    {
        if (!bias.IsEmpty && bias.Length != outputs) throw new ArgumentException($"bias must be empty or hold {outputs} values");
        var q = new sbyte[outputs * inputs];
        var scales = new double[outputs];
        WeightQuantization.QuantizePerChannelInt8(q, scales, weights, outputs, inputs);
        var b = new int[bias.IsEmpty ? 0 : outputs];
        if (!bias.IsEmpty) WeightQuantization.QuantizeBiasInt32(b, bias, input.Scale, scales);
        var m = new int[outputs];
        var s = new int[outputs];
        WeightQuantization.OutputMultipliers(m, s, input.Scale, scales, output.Scale);
        var p = FullyConnectedParams.Int16(input, output, relu);
        return new QuantizedDenseLayer(inputs, outputs, input, output, q, scales, b, m, s, p);
    }

    /// <summary>int16 output [batch, Outputs] from int8 input [batch, Inputs].</summary>
    public void Run(Span<short> output, ReadOnlySpan<sbyte> input, int batch) =>
        FullyConnectedS8S16.Run(output, input, Weights, Bias, Multipliers, Shifts, Params, batch, Inputs, Outputs);
}
