using Dlnet.Forecasting;
using Dlnet.Splits;

namespace Dlnet.Int8;

/// <summary>
/// Post-training quantisation of a trained Euler student (any widths, pruned or not; weights trained with
/// quantisation in the loop are ordinary float weights and go the same way): reads the network
/// (<see cref="StudentGraph"/>), calibrates on training windows (<see cref="StudentCalibration"/>), and
/// prepares every integer constant once (<see cref="QuantizedStudent"/>).
/// </summary>
public static class StudentQuantizer
{
    /// <summary>
    /// Quantises <paramref name="model"/> with scales calibrated on <paramref name="training"/> (the protocol's
    /// training windows: calibrating on report windows would leak them into the model).
    /// </summary>
    /// <exception cref="NotSupportedException">Not an Euler student with diagonal plus low-rank coupling.</exception>
    public static QuantizedStudent Quantize(NetworkForecaster model, WindowArrays training, QuantizationSettings? settings = null)
    {
        settings ??= QuantizationSettings.Default;
        settings.Validate();
        var graph = StudentGraph.Read(model.Network);
        var encoding = model.Encoding;
        if (training.InputLength != encoding.InputLength || training.Horizon != encoding.Horizon)
            throw new ArgumentException($"the model maps {encoding.InputLength} values to {encoding.Horizon}; the windows are {training.InputLength}+{training.Horizon}");
        var anchors = encoding.Form == OutputForm.Residual ? QuadraticAnchors.Create(encoding.BaseDegree, encoding.TailLength, encoding.Horizon) : null;
        var c = StudentCalibration.Measure(graph, encoding, training, anchors);
        var store = graph.Store;

        var input = QuantizedInputLayer.Prepare(graph.Encoder[0], store, encoding, c.Input, c.EncoderPreNorm[0], c.EncoderOutput[0], settings);
        var encoderOutput = QuantizedNormDense.Prepare(graph.Encoder[1], store, input.Output, c.EncoderPreNorm[1], c.EncoderOutput[1], settings);
        var liquid = QuantizedLiquidBlock.Prepare(graph, c.Latent);
        var decoder = new List<QuantizedNormDense>();
        var activation = liquid.LatentInt8;
        for (int k = 0; k < graph.Decoder.Count; k++)
        {
            var block = QuantizedNormDense.Prepare(graph.Decoder[k], store, activation, c.DecoderPreNorm[k], c.DecoderOutput[k], settings);
            decoder.Add(block);
            activation = block.Output;
        }
        var form = QuantizedOutputForm.Prepare(encoding, store[graph.Head.Weight], graph.Head.Bias is null ? [] : store[graph.Head.Bias],
            graph.Head.InputSize, activation, anchors, c.Anchors, c.Output, settings);
        return new QuantizedStudent(model.Name, encoding.MedianWidth, form, input, encoderOutput, liquid, decoder, c.Windows);
    }
}
