using System.Numerics;
using Dlnet.Int8;

namespace Dlnet.Tests.Deployment;

/// <summary>
/// The deployment kernels against the real arithmetic they stand for: the integer layer norm and the int16 Euler
/// step within their quantisation error of the float computation, the inverse square root within its stated
/// precision, and the forecast head exactly equal to the rational formula it documents.
/// </summary>
public sealed class DeploymentKernelAccuracyTests
{
    [Fact]
    public void InverseSquareRootIsWithinTwoToTheMinus29OfTheTruth()
    {
        var rng = new Random(5);
        var ds = new List<long> { 1, 2, 3, 4, 255, 256, 1L << 40, InverseSquareRoot.MaxArgument };
        for (int i = 0; i < 5000; i++) ds.Add(Math.Max(1, (long)(rng.NextDouble() * Math.Pow(2, rng.Next(1, 62)))));
        foreach (long d in ds)
        {
            var (m, s) = InverseSquareRoot.Compute(d);
            Assert.InRange(m, 1 << 30, int.MaxValue);
            double value = m * Math.ScaleB(1.0, s - 31), truth = 1 / Math.Sqrt(d);
            Assert.True(Math.Abs(value / truth - 1) < Math.ScaleB(1.0, -29), $"d = {d}: {value} against {truth}");
        }
        Assert.Equal((1 << 30, 1), InverseSquareRoot.Compute(1)); // exactly 1
        Assert.Equal((1 << 30, -1), InverseSquareRoot.Compute(16)); // exactly 1/4
        Assert.Throws<ArgumentOutOfRangeException>(() => InverseSquareRoot.Compute(0));
    }

    [Fact]
    public void FloorSqrtIsExact()
    {
        var rng = new Random(6);
        for (int i = 0; i < 2000; i++)
        {
            ulong r = (ulong)rng.NextInt64(0, 1L << 31);
            ulong m = r * r + (ulong)rng.NextInt64(0, (long)(2 * r + 1)); // in [r^2, (r + 1)^2)
            Assert.Equal(r, InverseSquareRoot.FloorSqrt(m));
        }
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 7)]
    [InlineData(false, 64)]
    [InlineData(true, 16)]
    public void LayerNormIsWithinAnOutputStepOfTheFloatLayerNorm(bool int16Output, int n)
    {
        var rng = new Random(n);
        const double inputScale = 4e-4, epsilon = 1e-5;
        var gain = Enumerable.Range(0, n).Select(_ => (float)(0.5 + rng.NextDouble())).ToArray();
        var bias = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var output = int16Output ? new QuantizationParams(1.0 / 4096, 0) : QuantizationParams.FromMinMaxInt8(-3, 3);
        var p = LayerNormS16Params.Prepare(gain, bias, epsilon, inputScale, output, int16Output);
        for (int trial = 0; trial < 200; trial++)
        {
            // Rows of every spread: a few codes (the offset eps matters) up to the whole int16 range.
            int spread = 1 << rng.Next(1, 16);
            var x = Enumerable.Range(0, n).Select(_ => (short)Math.Clamp(rng.Next(-spread, spread + 1) + rng.Next(-1000, 1000), short.MinValue, short.MaxValue)).ToArray();
            double mean = x.Average(v => (double)v) * inputScale;
            double variance = x.Average(v => Math.Pow(v * inputScale - mean, 2));
            var q8 = new sbyte[n];
            var q16 = new short[n];
            if (int16Output) LayerNormS16.RunS16(q16, x, p, 1); else LayerNormS16.Run(q8, x, p, 1);
            for (int i = 0; i < n; i++)
            {
                double expected = gain[i] * (x[i] * inputScale - mean) / Math.Sqrt(variance + epsilon) + bias[i];
                double expectedCode = Math.Clamp(expected / output.Scale + output.ZeroPoint, int16Output ? short.MinValue : sbyte.MinValue, int16Output ? short.MaxValue : sbyte.MaxValue);
                double actual = int16Output ? q16[i] : q8[i];
                Assert.True(Math.Abs(actual - expectedCode) <= 1.0, $"n {n}, trial {trial}, feature {i}: {actual} against {expectedCode:F3}");
            }
        }
    }

    [Fact]
    public void LayerNormOfAConstantRowIsItsBias()
    {
        var p = LayerNormS16Params.Prepare([1f, 2f, 3f], [0.25f, -0.5f, 1f], 1e-5, 1e-3, QuantizationParams.FromMinMaxInt8(-2, 2));
        var y = new sbyte[3];
        LayerNormS16.Run(y, [1234, 1234, 1234], p, 1);
        var output = QuantizationParams.FromMinMaxInt8(-2, 2);
        Assert.Equal([output.QuantizeInt8(0.25), output.QuantizeInt8(-0.5), output.QuantizeInt8(1)], y);
    }

    [Fact]
    public void LayerNormRefusesBadConstants()
    {
        var p = LayerNormS16Params.Prepare([1f, 1f], [0f, 0f], 1e-5, 1e-3, QuantizationParams.FromMinMaxInt8(-2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerNormS16.Run(new sbyte[2], new short[2], p with { VarianceOffset = 0 }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerNormS16.Run(new sbyte[2], new short[2], p with { GainShift = 31 }, 1));
        Assert.Throws<ArgumentException>(() => LayerNormS16.Run(new sbyte[3], new short[3], p, 1));
        // A gain that the output scale cannot carry is refused when preparing, not wrapped.
        Assert.Throws<ArgumentException>(() => LayerNormS16Params.Prepare([1e6f], [0f], 1e-5, 1e-3, new QuantizationParams(1e-6, 0)));
    }

    [Fact]
    public void EulerStepIsWithinAFewStateStepsOfTheFloatUpdate()
    {
        var rng = new Random(11);
        const int h = 9, r = 3;
        const double dt = 0.1, pre = 1.0 / 4096, tanhScale = 1.0 / 32768;
        double[] alpha = [.. Enumerable.Range(0, h).Select(_ => 0.2 + rng.NextDouble())];
        double[] beta = [.. Enumerable.Range(0, h).Select(_ => rng.NextDouble() - 0.5)];
        double[] wd = [.. Enumerable.Range(0, h).Select(_ => rng.NextDouble() - 0.5)];
        float[] vt = [.. Enumerable.Range(0, r * h).Select(_ => (float)(rng.NextDouble() - 0.5))];
        float[] u = [.. Enumerable.Range(0, h * r).Select(_ => (float)(rng.NextDouble() - 0.5))];
        double bound = Enumerable.Range(0, h).Max(j => Math.Abs(1 - dt * alpha[j]) + dt * Math.Abs(beta[j]));
        var state = QuantizationParams.SymmetricInt16(bound);
        var p = EulerParams(vt, u, wd, alpha, beta, h, r, dt, tanhScale, state.Scale);
        var scratch = new short[p.ScratchLength];
        for (int trial = 0; trial < 300; trial++)
        {
            var x = Enumerable.Range(0, h).Select(_ => (short)rng.Next(-32767, 32768)).ToArray();
            short drive = (short)rng.Next(-8192, 8193);
            var y = new short[h];
            LiquidEulerS16.Step(y, x, [drive], p, scratch, 1);
            var proj = new double[r];
            for (int k = 0; k < r; k++)
                for (int j = 0; j < h; j++) proj[k] += vt[k * h + j] * x[j] * tanhScale;
            for (int j = 0; j < h; j++)
            {
                double xj = x[j] * tanhScale, coupling = 0;
                for (int k = 0; k < r; k++) coupling += u[j * r + k] * proj[k] / r;
                double z = Math.Clamp(wd[j] * xj + coupling + drive * pre, -8, 8 - pre);
                double expected = xj + dt * (-alpha[j] * xj + beta[j] * Math.Tanh(z));
                // Rounding of the two terms, tanh's table error and the Q3.12 pre-activation, in state steps.
                Assert.True(Math.Abs(y[j] * state.Scale - expected) <= 3 * state.Scale, $"trial {trial}, unit {j}: {y[j] * state.Scale} against {expected}");
            }
        }
    }

    /// <summary>Constants of one Euler step from x at <paramref name="inputScale"/> to <paramref name="outputScale"/>, built as the quantiser does.</summary>
    static LiquidEulerS16Params EulerParams(float[] vt, float[] u, double[] wd, double[] alpha, double[] beta, int h, int r, double dt, double inputScale, double outputScale)
    {
        const double pre = 1.0 / 4096;
        var vtCodes = new short[r * h];
        var vtScales = new double[r];
        WeightQuantization.QuantizePerChannelInt16(vtCodes, vtScales, vt, r, h);
        var aScales = new double[r];
        var pm = new int[r];
        var ps = new int[r];
        for (int k = 0; k < r; k++)
        {
            double b = 0;
            for (int j = 0; j < h; j++) b += Math.Abs(vt[k * h + j]) * inputScale * 32767;
            aScales[k] = QuantizationParams.SymmetricInt16(b).Scale;
            (pm[k], ps[k]) = FixedPoint.QuantizeMultiplier(inputScale * vtScales[k] / aScales[k]);
        }
        var folded = new float[h * r];
        for (int j = 0; j < h; j++)
            for (int k = 0; k < r; k++) folded[j * r + k] = (float)(u[j * r + k] * aScales[k] / r);
        var uCodes = new short[h * r];
        var uScales = new double[h];
        WeightQuantization.QuantizePerChannelInt16(uCodes, uScales, folded, h, r);
        int[] em = new int[h], es = new int[h], dm = new int[h], ds = new int[h], am = new int[h], ash = new int[h], bm = new int[h], bs = new int[h];
        for (int j = 0; j < h; j++)
        {
            (em[j], es[j]) = FixedPoint.QuantizeMultiplier(uScales[j] / pre);
            (dm[j], ds[j]) = FixedPoint.QuantizeSignedMultiplier(wd[j] * inputScale / pre);
            (am[j], ash[j]) = FixedPoint.QuantizeSignedMultiplier((1 - dt * alpha[j]) * inputScale / outputScale);
            (bm[j], bs[j]) = FixedPoint.QuantizeSignedMultiplier(dt * beta[j] / 32768 / outputScale);
        }
        var table = new short[LutS16.Length];
        LutS16.Build(table, Math.Tanh, pre, 1.0 / 32768);
        return new LiquidEulerS16Params(h, r, vtCodes, pm, ps, uCodes, em, es, dm, ds, table, am, ash, bm, bs);
    }

    [Fact]
    public void ForecastHeadEqualsItsFormulaExactly()
    {
        var rng = new Random(13);
        for (int trial = 0; trial < 500; trial++)
        {
            int n = rng.Next(0, 40), size = rng.Next(1, 30), count = rng.Next(0, 4);
            var x = Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
            var w = Enumerable.Range(0, size * n).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
            var bias = rng.Next(2) == 0 ? [] : Enumerable.Range(0, size).Select(_ => rng.Next(-100000, 100000)).ToArray();
            var shifts = Enumerable.Range(0, size).Select(_ => (byte)rng.Next(0, 32)).ToArray();
            var l = Enumerable.Range(0, size * count).Select(_ => rng.Next(int.MinValue + 1, int.MaxValue)).ToArray();
            var anchors = Enumerable.Range(0, count).Select(_ => (short)rng.Next(short.MinValue, short.MaxValue + 1)).ToArray();
            int inputOffset = rng.Next(-127, 129), offset = rng.Next(-40000, 40000);
            var y = new short[size];
            ForecastS8S16.Run(y, x, anchors, offset, new ForecastParams(n, inputOffset, w, bias, shifts, count, l));
            for (int f = 0; f < size; f++)
            {
                BigInteger acc = bias.Length == 0 ? 0 : bias[f];
                for (int j = 0; j < n; j++) acc += (x[j] + inputOffset) * w[f * n + j];
                BigInteger sum = acc * BigInteger.Pow(2, shifts[f]) + BigInteger.Pow(2, 31);
                for (int i = 0; i < count; i++) sum += (BigInteger)anchors[i] * l[f * count + i];
                BigInteger floor = BigInteger.DivRem(sum, BigInteger.Pow(2, 32), out var rem);
                if (rem < 0) floor -= 1;
                long expected = Math.Clamp((long)(floor + offset), short.MinValue, short.MaxValue);
                Assert.Equal(expected, y[f]);
            }
        }
    }
}
