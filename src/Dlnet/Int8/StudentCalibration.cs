using Dlnet.Forecasting;
using Dlnet.Nn.Layers;
using Dlnet.Splits;

namespace Dlnet.Int8;

/// <summary>
/// Ranges of the tensors that integer inference needs scales for, measured by running the float network on
/// windows (the training windows: never validation or report windows) in inference mode: the encoded input,
/// each dense output (the pre-norm int16 tensors),
/// each ReLU output, the latent x_T + r x0, the network output, and the residual form's quadratic anchors.
/// The liquid states need none: their scales come from bounds on the Euler update.
/// </summary>
internal sealed class StudentCalibration
{
    const int Batch = 256;

    StudentCalibration(int encoderBlocks, int decoderBlocks, int anchors)
    {
        EncoderPreNorm = new ValueRange[encoderBlocks];
        EncoderOutput = new ValueRange[encoderBlocks];
        DecoderPreNorm = new ValueRange[decoderBlocks];
        DecoderOutput = new ValueRange[decoderBlocks];
        Anchors = new ValueRange[anchors];
        for (int i = 0; i < encoderBlocks; i++) (EncoderPreNorm[i], EncoderOutput[i]) = (new(), new());
        for (int i = 0; i < decoderBlocks; i++) (DecoderPreNorm[i], DecoderOutput[i]) = (new(), new());
        for (int i = 0; i < anchors; i++) Anchors[i] = new();
    }

    public int Windows { get; private set; }

    public ValueRange Input;

    /// <summary>Per encoder block: its dense output, which the layer norm reads.</summary>
    public ValueRange[] EncoderPreNorm { get; }

    /// <summary>Per encoder block: the activation output (ReLU; tanh for the last).</summary>
    public ValueRange[] EncoderOutput { get; }

    public ValueRange[] DecoderPreNorm { get; }

    public ValueRange[] DecoderOutput { get; }

    public ValueRange Latent;

    public ValueRange Output;

    /// <summary>The quadratic's anchor values (residual form only), SOH units relative to the last value.</summary>
    public ValueRange[] Anchors { get; }

    public static StudentCalibration Measure(StudentGraph graph, WindowEncoding encoding, WindowArrays windows, QuadraticAnchors? anchors)
    {
        if (windows.Count == 0) throw new InvalidOperationException("calibration needs at least one training window");
        var net = graph.Network;
        int w = net.InputSize, h = net.OutputSize, n = net.Hidden;
        var c = new StudentCalibration(graph.Encoder.Count, graph.Decoder.Count, anchors?.Count ?? 0);
        var encoderBuffers = net.Encoder.CreateBuffers(Batch);
        var odeBuffers = net.Ode.CreateBuffers(Batch);
        var decoderBuffers = net.Decoder.CreateBuffers(Batch);
        var inputs = new float[Batch * w];
        var histories = new double[Batch * w];
        var u = new float[Batch];
        var xT = new float[Batch * n];
        var latent = new float[Batch * n];
        var anchorValues = new double[anchors?.Count ?? 0];
        var filtered = new double[w];
        float r = net.Parameters[net.ResidualScale][0];

        for (int first = 0; first < windows.Count; first += Batch)
        {
            int count = Math.Min(Batch, windows.Count - first);
            windows.CopyHistories(first, count, histories);
            encoding.EncodeInputs(histories.AsSpan(0, count * w), inputs, count);
            c.Input.Add(inputs.AsSpan(0, count * w));
            for (int b = 0; b < count; b++)
            {
                float sum = 0;
                foreach (float v in inputs.AsSpan(b * w, w)) sum += v;
                u[b] = sum * (1f / w);
            }
            var x0 = net.Encoder.Forward(encoderBuffers, inputs.AsSpan(0, count * w), count, LayerPass.Inference);
            Blocks(graph.Encoder, encoderBuffers, count, c.EncoderPreNorm, c.EncoderOutput);
            net.Ode.Forward(odeBuffers, x0, u.AsSpan(0, count), xT, count);
            Residual.Forward(latent.AsSpan(0, count * n), xT.AsSpan(0, count * n), x0, r);
            c.Latent.Add(latent.AsSpan(0, count * n));
            var output = net.Decoder.Forward(decoderBuffers, latent.AsSpan(0, count * n), count, LayerPass.Inference);
            Blocks(graph.Decoder, decoderBuffers, count, c.DecoderPreNorm, c.DecoderOutput);
            c.Output.Add(output[..(count * h)]);
            if (anchors is not null)
            {
                for (int b = 0; b < count; b++)
                {
                    // The anchors are the base's, of the window as the model reads it (filtered when it is).
                    anchors.Anchors(encoding.Filter(histories.AsSpan(b * w, w), filtered), anchorValues);
                    for (int i = 0; i < anchorValues.Length; i++) c.Anchors[i].Add(anchorValues[i]);
                }
            }
            c.Windows += count;
        }
        return c;
    }

    static void Blocks(IReadOnlyList<NormDenseBlock> blocks, LayerStackBuffers<float> buffers, int count, ValueRange[] preNorm, ValueRange[] outputs)
    {
        for (int k = 0; k < blocks.Count; k++)
        {
            var block = blocks[k];
            int m = block.Outputs;
            var dense = buffers.Activations[block.DenseIndex + 1].AsSpan(0, count * m);
            preNorm[k].Add(dense);
            outputs[k].Add(buffers.Activations[block.ActivationIndex + 1].AsSpan(0, count * m));
        }
    }
}
