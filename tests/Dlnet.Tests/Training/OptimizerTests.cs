using Dlnet.Optimization;

namespace Dlnet.Tests.Training;

public class OptimizerTests
{
    [Fact]
    public void AdamWMatchesTwoStepsWorkedByHand()
    {
        // lr 0.1, weight decay 0.01, betas (0.9, 0.999), eps 1e-8; p0 = (1, -2); g1 = (0.5, -1); g2 = (0.1, 0.2).
        // Step 1: the bias-corrected moments are g and g^2, so the step is lr g / (|g| + eps):
        //   p = 1 * (1 - 0.001) - 0.1 * 0.5 / (0.5 + 1e-8) = 0.899000002; likewise -1.898000001.
        // Step 2, first entry: m = 0.9 * 0.05 + 0.1 * 0.1 = 0.055, v = 0.999 * 0.00025 + 0.001 * 0.01 = 0.00025975,
        //   mhat = 0.055 / 0.19, vhat = 0.00025975 / 0.001999,
        //   p = 0.899000002 * 0.999 - 0.1 * mhat / (sqrt(vhat) + 1e-8) = 0.81779690638265...
        // second entry: m = 0.9 * -0.1 + 0.1 * 0.2 = -0.07, v = 0.999 * 0.001 + 0.001 * 0.04 = 0.001039,
        //   p = -1.898000001 * 0.999 - 0.1 * (-0.07 / 0.19) / (sqrt(0.001039 / 0.001999) + 1e-8) = -1.84499939398949...
        var adam = new AdamW<double>(2, weightDecay: 0.01);
        double[] p = [1.0, -2.0];
        adam.Step(p, [0.5, -1.0], 0.1);
        Assert.Equal(0.899000002, p[0], 1e-12);
        Assert.Equal(-1.898000001, p[1], 1e-12);
        adam.Step(p, [0.1, 0.2], 0.1);
        double expected0 = 0.899000002 * 0.999 - 0.1 * (0.055 / 0.19) / (Math.Sqrt(0.00025975 / 0.001999) + 1e-8);
        double expected1 = -1.898000001 * 0.999 - 0.1 * (-0.07 / 0.19) / (Math.Sqrt(0.001039 / 0.001999) + 1e-8);
        Assert.Equal(0.8177969063826518, expected0, 1e-13);
        Assert.Equal(-1.8449993939894946, expected1, 1e-13);
        Assert.Equal(expected0, p[0], 1e-12);
        Assert.Equal(expected1, p[1], 1e-12);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void AdamWWithZeroGradientOnlyDecays()
    {
        var adam = new AdamW<float>(3, weightDecay: 0.5);
        float[] p = [2f, -4f, 0f];
        adam.Step(p, new float[3], 0.1);
        Assert.Equal([1.9f, -3.8f, 0f], p);
    }

    [Theory]
    [InlineData(1003, 1)]
    [InlineData(70001, 2)]
    [InlineData(70001, 3)]
    public void AdamWVectorStepEqualsThePlainLoopBitForBit(int n, int threads)
    {
        // Odd lengths, so both the vector body and the scalar tail run, large enough for the chunked path
        // with several threads; several steps, so the moments matter.
        var rng = new Random(5);
        var p = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var reference = p.ToArray();
        var adam = new AdamW<float>(n, weightDecay: 1e-2, threads: threads);
        float[] m = new float[n], v = new float[n];
        for (int step = 1; step <= 5; step++)
        {
            var g = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5) * step).ToArray();
            double lr = 1e-3 * step;
            adam.Step(p, g, lr);

            float decay = (float)(1 - lr * 1e-2), b1 = 0.9f, b2 = 0.999f, c1 = (float)(1 - 0.9), c2 = (float)(1 - 0.999);
            float stepSize = (float)(lr / (1 - Math.Pow(0.9, step))), root = (float)Math.Sqrt(1 - Math.Pow(0.999, step)), eps = 1e-8f;
            for (int i = 0; i < n; i++)
            {
                m[i] = b1 * m[i] + c1 * g[i];
                v[i] = b2 * v[i] + c2 * g[i] * g[i];
                reference[i] = reference[i] * decay - stepSize * m[i] / (MathF.Sqrt(v[i]) / root + eps);
            }
            Assert.Equal(reference, p);
        }
    }

    [Fact]
    public void AdamWWithAGradientScaleEqualsAStepOnTheScaledGradient()
    {
        const int n = 1001;
        var rng = new Random(9);
        var p = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var q = p.ToArray();
        var fused = new AdamW<float>(n, weightDecay: 1e-2);
        var plain = new AdamW<float>(n, weightDecay: 1e-2);
        for (int step = 0; step < 3; step++)
        {
            var g = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5) * 10).ToArray();
            double norm = GradientClipping.ClipByGlobalNorm<float>(g.ToArray(), 1.0);
            double scale = GradientClipping.ScaleFor(norm, 1.0);
            Assert.True(scale < 1);
            fused.Step(p, g, 1e-3, scale);
            GradientClipping.ClipByGlobalNorm<float>(g, 1.0);
            plain.Step(q, g, 1e-3);
            Assert.Equal(q, p);
        }
    }

    [Fact]
    public void ClippingScalesToTheNormAndReportsTheOldNorm()
    {
        double[] g = [3, 4];
        double norm = GradientClipping.ClipByGlobalNorm<double>(g, 1.0);
        Assert.Equal(5, norm, 1e-12);
        Assert.Equal(0.6 * 5 / (5 + 1e-6), g[0], 1e-12);
        Assert.Equal(0.8 * 5 / (5 + 1e-6), g[1], 1e-12);

        double[] small = [0.3, 0.4];
        Assert.Equal(0.5, GradientClipping.ClipByGlobalNorm<double>(small, 1.0), 1e-12);
        Assert.Equal([0.3, 0.4], small);

        double[] off = [30, 40];
        GradientClipping.ClipByGlobalNorm<double>(off, 0);
        Assert.Equal([30.0, 40.0], off);
    }

    [Fact]
    public void CosineScheduleRunsFromPeakToFloor()
    {
        var s = new LearningRateSchedule(1e-3, Epochs: 10, Floor: 1e-5);
        Assert.Equal(1e-3, s.At(0), 1e-15);
        Assert.Equal(1e-5 + (1e-3 - 1e-5) * 0.5, s.At(5), 1e-15);
        Assert.True(s.At(9) < s.At(8));
        Assert.True(s.At(9) > 1e-5);

        var warm = new LearningRateSchedule(1.0, Epochs: 12, WarmupEpochs: 4);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], Enumerable.Range(0, 4).Select(warm.At));
        Assert.Equal(1.0, warm.At(4), 1e-15);
        Assert.Equal(0.5, warm.At(8), 1e-15);
    }
}
