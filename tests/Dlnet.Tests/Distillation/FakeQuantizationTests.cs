using Dlnet.Int8;
using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Networks;

namespace Dlnet.Tests.Distillation;

public class FakeQuantizationTests
{
    [Fact]
    public void FakeQuantisedWeightsAreTheEnginesCodesTimesItsScales()
    {
        const int outputs = 6, inputs = 11;
        var rng = new Random(1);
        var w = Enumerable.Range(0, outputs * inputs).Select(i => (float)((rng.NextDouble() * 2 - 1) * (1 + i / inputs))).ToArray();
        w.AsSpan(2 * inputs, inputs).Clear(); // an all-zero row
        w[3 * inputs + 4] = 0.5f * w[3 * inputs + 4] + 10f; // a row dominated by one weight
        var codes = new sbyte[w.Length];
        var scales = new double[outputs];
        WeightQuantization.QuantizePerChannelInt8(codes, scales, w, outputs, inputs);
        var fake = new float[w.Length];
        FakeQuantization.WeightsPerChannelInt8<float>(w, fake, outputs, inputs);
        for (int i = 0; i < w.Length; i++)
            Assert.Equal((float)(scales[i / inputs] * codes[i]), fake[i]);
        Assert.All(codes, c => Assert.InRange(c, -127, 127));
        // In place gives the same, and quantising again changes nothing (the grid is a fixed point).
        var again = (float[])fake.Clone();
        FakeQuantization.WeightsPerChannelInt8<float>(again, again, outputs, inputs);
        Assert.Equal(fake, again);
    }

    [Fact]
    public void FakeQuantisedActivationsAreQuantiseThenDequantiseWithPassFlagsInsideTheRange()
    {
        var p = QuantizationParams.FromMinMaxInt8(-0.7, 2.3);
        double low = p.Dequantize(-128), high = p.Dequantize(127);
        double[] x = [-5, low - 1e-9, low, -0.3, 0, 1e-4, 1.234567, high, high + 1e-9, 40];
        var values = (double[])x.Clone();
        var pass = new byte[x.Length];
        FakeQuantization.ActivationsInt8<double>(values, pass, p);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(p.Dequantize(p.QuantizeInt8(x[i])), values[i]);
            Assert.Equal(x[i] >= low && x[i] <= high ? 1 : 0, pass[i]);
        }
        Assert.Equal(0.0, values[4]); // zero is exact
        Assert.Equal([0, 0, 1, 1, 1, 1, 1, 1, 0, 0], pass);
    }

    [Fact]
    public void TransformedStackComputesTheFakeQuantisedModelWithStraightThroughGradients()
    {
        // [Dense, ReLU, Dense]: the input and the ReLU output are quantised. Reference: the same layers as
        // two plain stacks, the rounding done by hand between them and the gradient gated by hand.
        const int batch = 5, n0 = 4, n1 = 6, n2 = 3;
        var store = new ParameterStore<double>();
        var d1 = new Dense<double>(store, "a", n0, n1);
        var relu = new Activation<double>(ActivationKind.ReLU, n1);
        var d2 = new Dense<double>(store, "b", n1, n2);
        var rng = new Random(2);
        d1.Initialize(rng);
        d2.Initialize(rng);
        var stack = new LayerStack<double>([d1, relu, d2]);
        var quantizer = new ActivationQuantizer<double>(stack);
        Assert.Equal([0, 2], quantizer.CalibratedBoundaries);

        // Calibrate on small inputs, then run larger ones, so that some inputs are clamped.
        var calibration = Enumerable.Range(0, 8 * n0).Select(_ => rng.NextDouble() - 0.5).ToArray();
        stack.Transform = quantizer;
        var buffers = stack.CreateBuffers(8);
        quantizer.BeginCalibration();
        stack.Forward(buffers, calibration, 8, LayerPass.Inference);
        quantizer.EndCalibration();
        var x = Enumerable.Range(0, batch * n0).Select(_ => (rng.NextDouble() * 2 - 1) * 0.8).ToArray();
        var dy = Enumerable.Range(0, batch * n2).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

        var y = stack.Forward(buffers, x, batch, LayerPass.Inference).ToArray();
        var grad = store.CreateBuffer();
        var dx = new double[batch * n0];
        stack.Backward(buffers, dy, dx, grad, batch);

        var p0 = quantizer.ParametersAt(0)!.Value;
        var p2 = quantizer.ParametersAt(2)!.Value;
        var qx = (double[])x.Clone();
        var pass0 = new byte[qx.Length];
        FakeQuantization.ActivationsInt8<double>(qx, pass0, p0);
        Assert.Contains((byte)0, pass0);
        Assert.Contains((byte)1, pass0);
        var first = new LayerStack<double>([d1, relu]);
        var second = new LayerStack<double>([d2]);
        var b1 = first.CreateBuffers(batch);
        var b2 = second.CreateBuffers(batch);
        var a = first.Forward(b1, qx, batch, LayerPass.Inference).ToArray();
        // ReLU's derivative is read from its output; a positive value rounding to 0 would make the two differ.
        Assert.DoesNotContain(a, v => v > 0 && v < p2.Scale);
        var qa = (double[])a.Clone();
        var pass2 = new byte[qa.Length];
        FakeQuantization.ActivationsInt8<double>(qa, pass2, p2);
        var expected = second.Forward(b2, qa, batch, LayerPass.Inference).ToArray();
        Assert.Equal(expected, y);

        var expectedGrad = store.CreateBuffer();
        var dqa = new double[qa.Length];
        second.Backward(b2, dy, dqa, expectedGrad, batch);
        for (int i = 0; i < dqa.Length; i++) if (pass2[i] == 0) dqa[i] = 0;
        var expectedDx = new double[dx.Length];
        first.Backward(b1, dqa, expectedDx, expectedGrad, batch);
        for (int i = 0; i < expectedDx.Length; i++) if (pass0[i] == 0) expectedDx[i] = 0;
        Assert.Equal(expectedGrad, grad);
        Assert.Equal(expectedDx, dx);
        Assert.Contains(dx, v => v != 0);
    }

    [Fact]
    public void EncoderTanhOutputUsesTheTablesFixedGridAndPassesTheGradientInsideIt()
    {
        var student = new EulerStudent<double>(new EulerStudentOptions(10, 4, Hidden: 3, Rank: 1, EncoderWidth: 5, DecoderWidths: [6], Dropout: 0.1));
        var encoder = new ActivationQuantizer<double>(student.Encoder);
        var decoder = new ActivationQuantizer<double>(student.Decoder);
        // encoder: Dense LN ReLU Dropout Dense LN Tanh -> window, ReLU output, tanh input; tanh output fixed.
        Assert.Equal([0, 3, 6], encoder.CalibratedBoundaries);
        Assert.Equal(new QuantizationParams(1.0 / 128, 0), encoder.ParametersAt(7));
        // decoder: Dense LN ReLU Dropout Dense -> latent, ReLU output; the int16 correction is not rounded.
        Assert.Equal([0, 3], decoder.CalibratedBoundaries);
        Assert.False(decoder.Transforms(5));
    }
}
