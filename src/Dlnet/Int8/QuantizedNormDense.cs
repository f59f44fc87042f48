using Dlnet.Nn;

namespace Dlnet.Int8;

/// <summary>
/// Dense, layer norm and activation in integers: <c>dlnet_fully_connected_s8_s16</c> to an int16 pre-norm tensor,
/// then <c>dlnet_layer_norm_s16_s8</c> with the ReLU fused into its clamp (int8 out), or, for the encoder's tanh
/// block, <c>dlnet_layer_norm_s16</c> to a Q3.12 pre-activation for the int16 tanh table.
/// <para>
/// Folded before quantisation: the layer norm's mean subtraction is linear, so W and b are centred
/// (W &lt;- (I - 11^T/n) W, b &lt;- (I - 11^T/n) b). The int16 tensor then holds only what the norm keeps (the
/// common mode, often the larger part, is gone) and its range is spent on it. The per-sample division by the
/// standard deviation does not fold: the kernel computes it.
/// </para>
/// </summary>
internal sealed class QuantizedNormDense
{
    /// <summary>The int16 tanh input: Q3.12.</summary>
    public static readonly QuantizationParams PreActivation = new(1.0 / 4096, 0);

    QuantizedNormDense(QuantizedDenseLayer dense, LayerNormS16Params norm, QuantizationParams output, bool tanh)
    {
        Dense = dense;
        Norm = norm;
        Output = output;
        Tanh = tanh;
    }

    public QuantizedDenseLayer Dense { get; }

    public LayerNormS16Params Norm { get; }

    /// <summary>int8 parameters of the ReLU output, or Q3.12 for the tanh block.</summary>
    public QuantizationParams Output { get; }

    /// <summary>True for the block that ends in tanh (int16 output, then the table).</summary>
    public bool Tanh { get; }

    public int Inputs => Dense.Inputs;

    public int Outputs => Dense.Outputs;

    public static QuantizedNormDense Prepare(NormDenseBlock block, ParameterStore<float> store, QuantizationParams input,
        ValueRange preNorm, ValueRange output, QuantizationSettings settings)
    {
        int n = block.Outputs, m = block.Inputs;
        var weights = store[block.Dense.Weight];
        var bias = store[block.Dense.Bias!];
        // Centre each input column and the bias over the outputs: the layer norm's mean subtraction, folded.
        var centred = new float[n * m];
        var centredBias = new float[n];
        for (int i = 0; i < m; i++)
        {
            double mean = 0;
            for (int o = 0; o < n; o++) mean += weights[o * m + i];
            mean /= n;
            for (int o = 0; o < n; o++) centred[o * m + i] = (float)(weights[o * m + i] - mean);
        }
        double biasMean = 0;
        foreach (float b in bias) biasMean += b;
        biasMean /= n;
        for (int o = 0; o < n; o++) centredBias[o] = (float)(bias[o] - biasMean);

        var wide = QuantizationParams.SymmetricInt16(settings.PreNormHeadroom * preNorm.AbsMax);
        var dense = QuantizedDenseLayer.Prepare(centred, centredBias, m, n, input, wide);
        bool tanh = block.Activation == Nn.Layers.ActivationKind.Tanh;
        var outParams = tanh ? PreActivation : QuantizationParams.FromMinMaxInt8(output.Min, output.Max);
        var norm = LayerNormS16Params.Prepare(store[block.Norm.Gain], store[block.Norm.Bias], block.Norm.Epsilon, wide.Scale, outParams,
            int16Output: tanh, relu: !tanh);
        return new QuantizedNormDense(dense, norm, outParams, tanh);
    }

    /// <summary>ReLU block: int8 in, int16 pre-norm scratch, int8 out (one sample).</summary>
    public void Run(ReadOnlySpan<sbyte> input, Span<short> wide, Span<sbyte> output)
    {
        Dense.Run(wide[..Outputs], input[..Inputs], 1);
        LayerNormS16.Run(output[..Outputs], wide[..Outputs], Norm, 1);
    }

    /// <summary>Tanh block up to the table: int8 in, int16 pre-norm scratch, Q3.12 out (one sample).</summary>
    public void RunS16(ReadOnlySpan<sbyte> input, Span<short> wide, Span<short> output)
    {
        Dense.Run(wide[..Outputs], input[..Inputs], 1);
        LayerNormS16.RunS16(output[..Outputs], wide[..Outputs], Norm, 1);
    }
}
