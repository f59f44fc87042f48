using Dlnet.Int8;

namespace Dlnet.Tests.Quantization;

/// <summary>The integer kernels against the real arithmetic they stand for, on quantised data.</summary>
public class IntegerKernelAccuracyTests
{
    [Fact]
    public void FullyConnectedMatchesTheRealLayerWithinOneOutputStep()
    {
        var rng = new Random(5);
        const int batch = 2, inputs = 37, outputs = 11;
        var x = Enumerable.Range(0, batch * inputs).Select(_ => (float)(rng.NextDouble() * 3 - 1)).ToArray();
        var w = Enumerable.Range(0, outputs * inputs).Select(_ => (float)((rng.NextDouble() - 0.5) * Math.Exp(rng.Next(-3, 2)))).ToArray();
        var bias = Enumerable.Range(0, outputs).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();

        var inParams = QuantizationParams.FromMinMaxInt8(-1, 2);
        var xq = x.Select(v => inParams.QuantizeInt8(v)).ToArray();
        var wq = new sbyte[w.Length];
        var wScales = new double[outputs];
        WeightQuantization.QuantizePerChannelInt8(wq, wScales, w, outputs, inputs);
        var bq = new int[outputs];
        WeightQuantization.QuantizeBiasInt32(bq, bias, inParams.Scale, wScales);

        // The real layer on the quantised operands: what the integer kernel computes, before requantisation.
        var real = new double[batch * outputs];
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outputs; o++)
            {
                double acc = bq[o] * inParams.Scale * wScales[o];
                for (int i = 0; i < inputs; i++) acc += inParams.Dequantize(xq[b * inputs + i]) * wq[o * inputs + i] * wScales[o];
                real[b * outputs + o] = acc;
            }
        var out16 = QuantizationParams.SymmetricInt16(real.Max(Math.Abs));
        var m = new int[outputs];
        var s = new int[outputs];
        WeightQuantization.OutputMultipliers(m, s, inParams.Scale, wScales, out16.Scale);
        var y16 = new short[batch * outputs];
        FullyConnectedS8S16.Run(y16, xq, wq, bq, m, s, new FullyConnectedParams(-inParams.ZeroPoint, 0, short.MinValue, short.MaxValue), batch, inputs, outputs);
        for (int i = 0; i < y16.Length; i++)
            Assert.True(Math.Abs(out16.Dequantize(y16[i]) - real[i]) <= out16.Scale, $"output {i}: {out16.Dequantize(y16[i])} vs {real[i]}");
    }

    /// <summary>The int16 tanh used inside the Euler update: input Q3.12 (range [-8, 8)), output Q0.15.</summary>
    [Fact]
    public void Int16TanhStaysWithinTwoAndAHalfOutputSteps()
    {
        double inScale = Math.ScaleB(1, -12), outScale = Math.ScaleB(1, -15);
        var table = new short[LutS16.Length];
        LutS16.Build(table, Math.Tanh, inScale, outScale);
        var x = Enumerable.Range(short.MinValue, 65536).Select(v => (short)v).ToArray();
        var y = new short[x.Length];
        LutS16.Apply(y, x, table);
        double maxError = 0;
        for (int i = 0; i < x.Length; i++)
            maxError = Math.Max(maxError, Math.Abs(y[i] * outScale - Math.Min(Math.Tanh(x[i] * inScale), 32767 * outScale)));
        // Bound: the chord error h^2/8 max|tanh''| = 3.1 steps (segments h = 1/32), halved by centring the knots,
        // plus half a step for rounding the knots and half for rounding the interpolation. Measured: 2.23 steps (6.8e-5).
        Assert.True(maxError <= 2.5 * outScale, $"max error {maxError / outScale:F2} steps");
    }

    [Fact]
    public void ScaledAddIsAnEulerStepWithinOneStateStep()
    {
        // x1 = (1 - dt alpha) x0 + dt beta t per channel, state and tanh output both int16.
        var rng = new Random(9);
        const int channels = 16;
        var state = QuantizationParams.SymmetricInt16(4.0);
        double tScale = Math.ScaleB(1, -15), dt = 0.1;
        var alpha = Enumerable.Range(0, channels).Select(_ => rng.NextDouble() * 2 - 0.5).ToArray(); // some negative
        var beta = Enumerable.Range(0, channels).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var ma = new int[channels]; var sa = new int[channels]; var mb = new int[channels]; var sb = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            (ma[c], sa[c]) = FixedPoint.QuantizeSignedMultiplier(1 - dt * alpha[c]);
            (mb[c], sb[c]) = FixedPoint.QuantizeSignedMultiplier(dt * beta[c] * tScale / state.Scale);
        }
        var x0 = Enumerable.Range(0, channels * 4).Select(_ => (short)rng.Next(-30000, 30001)).ToArray();
        var t = Enumerable.Range(0, x0.Length).Select(_ => (short)rng.Next(-32768, 32768)).ToArray();
        var x1 = new short[x0.Length];
        ScaledAddS16.Run(x1, x0, t, ma, sa, mb, sb, channels);
        for (int i = 0; i < x1.Length; i++)
        {
            int c = i % channels;
            double real = state.Dequantize(x0[i]) * (1 - dt * alpha[c]) + dt * beta[c] * t[i] * tScale;
            Assert.True(Math.Abs(state.Dequantize(x1[i]) - real) <= state.Scale, $"element {i}");
        }
    }
}

public class WideKernelAccuracyTests
{
    /// <summary>
    /// A fixed linear extrapolation of a 100-step SOH window (least-squares line over the last 50 values,
    /// evaluated 1..100 steps ahead) in int16 x int16: the errors stay far below the 1e-4 of interest,
    /// where int8 weights and inputs would be off by about 1e-2.
    /// </summary>
    [Fact]
    public void Int16ExtrapolationResolvesSohBelowOneTenThousandth()
    {
        const int window = 100, horizon = 100, fit = 50;
        var e = new float[horizon * window];
        double tMean = (fit - 1) / 2.0, tVar = 0;
        for (int k = 0; k < fit; k++) tVar += (k - tMean) * (k - tMean);
        for (int h = 0; h < horizon; h++)
            for (int k = 0; k < fit; k++)
                e[h * window + window - fit + k] = (float)(1.0 / fit + (k - tMean) * (fit - 1 + h + 1 - tMean) / tVar);

        // SOH in (0.5, 1.1]: symmetric int16 over [-1.2, 1.2], steps of 3.7e-5.
        var soh = QuantizationParams.SymmetricInt16(1.2);
        var rng = new Random(21);
        double level = 0.95, slope = -2e-4;
        var x = Enumerable.Range(0, window).Select(k => level + slope * k + 1e-4 * (rng.NextDouble() - 0.5)).ToArray();
        var xq = x.Select(v => soh.QuantizeInt16(v)).ToArray();

        var eq = new short[e.Length];
        var eScales = new double[horizon];
        WeightQuantization.QuantizePerChannelInt16(eq, eScales, e, horizon, window);
        var m = new int[horizon];
        var s = new int[horizon];
        WeightQuantization.OutputMultipliers(m, s, soh.Scale, eScales, soh.Scale);
        var yq = new short[horizon];
        FullyConnectedS16.Run(yq, xq, eq, [], m, s, new FullyConnectedParams(-soh.ZeroPoint, soh.ZeroPoint, short.MinValue, short.MaxValue), 1, window, horizon);

        var real = new double[horizon];
        for (int h = 0; h < horizon; h++)
            for (int k = 0; k < window; k++) real[h] += e[h * window + k] * x[k];
        double maxError = Enumerable.Range(0, horizon).Max(h => Math.Abs(soh.Dequantize(yq[h]) - real[h]));
        // Measured 7.0e-5: the far-horizon rows weigh the window's rounding by sum |e| ~ 7.
        Assert.True(maxError < 1e-4, $"max extrapolation error {maxError:E2}");

        // Centred on the last value (rows of E sum to one, so y - x_last = E (x - x_last)) the deviations get a
        // fine scale of their own, and only the final sum rounds at the SOH step.
        double last = x[^1];
        var dev = QuantizationParams.SymmetricInt16(x.Max(v => Math.Abs(v - last)));
        var dq = x.Select(v => dev.QuantizeInt16(v - last)).ToArray();
        var devOut = QuantizationParams.SymmetricInt16(real.Max(v => Math.Abs(v - last)) * 1.1);
        WeightQuantization.OutputMultipliers(m, s, dev.Scale, eScales, devOut.Scale);
        var dy = new short[horizon];
        FullyConnectedS16.Run(dy, dq, eq, [], m, s, new FullyConnectedParams(0, 0, short.MinValue, short.MaxValue), 1, window, horizon);
        var lastQ = Enumerable.Repeat(soh.QuantizeInt16(last), horizon).ToArray();
        var (mLast, sLast) = FixedPoint.QuantizeMultiplier(1.0);
        var (mDev, sDev) = FixedPoint.QuantizeMultiplier(devOut.Scale / soh.Scale);
        ScaledAddS16.Run(yq, lastQ, dy, [mLast], [sLast], [mDev], [sDev], channels: 1);
        double centredError = Enumerable.Range(0, horizon).Max(h => Math.Abs(soh.Dequantize(yq[h]) - real[h]));
        // Measured 2.2e-5: the last value's and the output's rounding at the SOH step (1.8e-5 each).
        Assert.True(centredError < 4e-5, $"max centred extrapolation error {centredError:E2}");
    }
}

public class QuantizedDenseLayerTests
{
    [Fact]
    public void PreparedReluLayerTracksTheFloatLayer()
    {
        var rng = new Random(23);
        const int inputs = 64, outputs = 32, batch = 8;
        var w = Enumerable.Range(0, inputs * outputs).Select(_ => (float)((rng.NextDouble() - 0.5) * 0.4)).ToArray();
        var b = Enumerable.Range(0, outputs).Select(_ => (float)((rng.NextDouble() - 0.5) * 0.2)).ToArray();
        var x = Enumerable.Range(0, batch * inputs).Select(_ => rng.NextDouble() * 2 - 0.5).ToArray();

        var real = new double[batch * outputs];
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < outputs; o++)
            {
                double acc = b[o];
                for (int i = 0; i < inputs; i++) acc += w[o * inputs + i] * x[n * inputs + i];
                real[n * outputs + o] = Math.Max(acc, 0);
            }

        var inParams = QuantizationParams.FromMinMaxInt8(-0.5, 1.5);
        var outParams = QuantizationParams.SymmetricInt16(real.Max());
        var layer = QuantizedDenseLayer.Prepare(w, b, inputs, outputs, inParams, outParams, relu: true);
        Assert.Equal(0, layer.Params.ActivationMin); // the ReLU is the clamp at the zero point
        var y = new short[batch * outputs];
        layer.Run(y, x.Select(v => inParams.QuantizeInt8(v)).ToArray(), batch);

        for (int n = 0; n < batch; n++)
            for (int o = 0; o < outputs; o++)
            {
                // What rounding allows: half an input step through |W|, half a weight step through |x| (and their
                // product), half a bias step, and one output step (the requantisation rounds twice).
                double inputStep = inParams.Scale / 2, weightStep = layer.WeightScales[o] / 2;
                double bound = layer.Output.Scale + inParams.Scale * weightStep;
                for (int i = 0; i < inputs; i++)
                    bound += Math.Abs(w[o * inputs + i]) * inputStep + Math.Abs(x[n * inputs + i]) * weightStep + inputStep * weightStep;
                int k = n * outputs + o;
                Assert.True(y[k] >= 0, $"output {k} is negative after the ReLU");
                Assert.True(Math.Abs(outParams.Dequantize(y[k]) - real[k]) <= bound, $"output {k}: {outParams.Dequantize(y[k])} against {real[k]}, bound {bound}");
            }
    }
}
