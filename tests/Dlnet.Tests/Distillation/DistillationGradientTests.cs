using Dlnet.Nn.Networks;
using Dlnet.Optimization;

namespace Dlnet.Tests.Distillation;

/// <summary>Central finite differences in double of every distillation term, against the analytic gradients.</summary>
public class DistillationGradientTests
{
    private const double Tolerance = 1e-7;
    private const double Step = 1e-6;

    private static double[] Random(int n, int seed, double scale = 1)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * scale)];
    }

    private static double RelativeError(double numeric, double analytic) =>
        Math.Abs(numeric - analytic) / Math.Max(1e-8, Math.Abs(numeric) + Math.Abs(analytic));

    /// <summary>Worst relative error of <paramref name="gradient"/> against central differences of <paramref name="loss"/> in <paramref name="x"/>.</summary>
    private static double Check(double[] x, double[] gradient, Func<double> loss, double step = Step)
    {
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            x[i] = saved + step;
            double up = loss();
            x[i] = saved - step;
            double down = loss();
            x[i] = saved;
            worst = Math.Max(worst, RelativeError((up - down) / (2 * step), gradient[i]));
        }
        return worst;
    }

    [Theory]
    [InlineData("mse", 1.0)]
    [InlineData("cosine", 1.0)]
    [InlineData("cosine", 1e-3)] // encoded corrections can be small: the epsilon must not spoil the gradient
    public void DivergenceGradientMatchesFiniteDifferences(string divergence, double scale)
    {
        const int windows = 3, horizon = 7;
        const double weight = 0.37;
        var student = Random(windows * horizon, 1, scale);
        var teacher = Random(windows * horizon, 2, scale);
        var gradient = Random(windows * horizon, 3); // the divergence ADDS into the gradient
        var before = (double[])gradient.Clone();
        double Loss() => weight * DistillationLoss.Accumulate(divergence, student, teacher, new double[student.Length], windows, horizon, 1.0);
        DistillationLoss.Accumulate(divergence, student, teacher, gradient, windows, horizon, weight);
        var added = gradient.Zip(before, (a, b) => a - b).ToArray();
        // The step scales with the values: the cosine does not change with the scale, its derivatives do.
        double worst = Check(student, added, Loss, Step * scale);
        Assert.True(worst < Tolerance, $"{divergence}: worst relative error {worst:E2}");
    }

    [Fact]
    public void DivergenceValuesAreTheDefinitions()
    {
        double[] s = [1, 2, 3, -1, 0, 2];
        double[] t = [1, 1, 1, 2, 0, -4];
        var g = new double[6];
        Assert.Equal(0 + 1 + 4 + 9 + 0 + 36, DistillationLoss.AccumulateMse<double>(s, t, g, 1.0), 12);
        // Window 1: cos = 6 / (sqrt 14 sqrt 3); window 2: s = -t/2 up to the zero entry, so cos = -1.
        double expected = 1 - 6 / Math.Sqrt(14 * 3) + 2;
        Assert.Equal(expected, DistillationLoss.AccumulateCosine<double>(s, t, g, 2, 3, 1.0), 7);
        // A student parallel to its teacher has no cosine loss, whatever its length (up to the epsilon, 1e-8 against norms of 14 and 56).
        Assert.Equal(0, DistillationLoss.AccumulateCosine<double>([2, 4, 6], [1, 2, 3], new double[3], 1, 3, 1.0), 9);
    }

    [Fact]
    public void HiddenTermGradientMatchesFiniteDifferencesInTheLatentAndTheProjection()
    {
        const int count = 4, hs = 3, ht = 5;
        const double weight = 0.21;
        var projection = new LatentProjection<double>(hs, ht);
        projection.Initialize(4);
        var bias = projection.Parameters[projection.Bias];
        for (int i = 0; i < bias.Length; i++) bias[i] = 0.1 * (i - 2); // a zero bias would hide a wrong bias gradient's sign
        var student = Random(count * hs, 5);
        var teacher = Random(count * ht, 6);
        var scratch = new double[count * ht];
        double Loss() => weight * projection.Accumulate(student, teacher, count, scratch, new double[count * hs],
            new double[projection.Parameters.Count], 1.0);

        var dz = new double[count * hs];
        var dp = new double[projection.Parameters.Count];
        projection.Accumulate(student, teacher, count, scratch, dz, dp, weight);
        double latent = Check(student, dz, Loss);
        double parameters = Check(projection.Parameters.Array, dp, Loss);
        Assert.True(latent < Tolerance, $"latent gradient: worst relative error {latent:E2}");
        Assert.True(parameters < Tolerance, $"projection gradient: worst relative error {parameters:E2}");
    }

    [Theory]
    [InlineData("student")]
    [InlineData("teacher")]
    public void LatentGradientReachesEveryParameterOfALiquidNetwork(string architecture)
    {
        // L = sum(g * y) + w * |P z + c - z_t|^2 over the batch, z the latent: checks the injection point of
        // LiquidEncoderDecoder (AddLatentGradient) together with the projection, through the whole network.
        const int batch = 3, inputs = 9, outputs = 5;
        LiquidEncoderDecoder<double> net = architecture == "student"
            ? new EulerStudent<double>(new EulerStudentOptions(inputs, outputs, Hidden: 4, Rank: 2, Steps: 2, StepSize: 0.3, EncoderWidth: 6, DecoderWidths: [7], Dropout: 0))
            : new PaperTeacher<double>(new PaperTeacherOptions(inputs, outputs, EncoderWidth: 6, Hidden: 4, DecoderWidths: [7], Dropout: 0, Steps: 3));
        net.Initialize(7);
        var alpha = net.Parameters[net.Ode.Alpha];
        for (int i = 0; i < alpha.Length; i++) alpha[i] = 0.4 + 0.2 * i; // uneven dynamics
        var projection = new LatentProjection<double>(net.Hidden, 6);
        projection.Initialize(8);
        const double weight = 0.3;
        var x = Random(batch * inputs, 9);
        var g = Random(batch * outputs, 10);
        var zt = Random(batch * 6, 11);
        var ws = net.CreateWorkspace(batch);
        var y = new double[batch * outputs];
        var scratch = new double[batch * 6];
        double Loss()
        {
            net.Forward(ws, x, y, batch, training: false);
            double l = y.Zip(g, (a, b) => a * b).Sum();
            return l + weight * projection.Accumulate(net.LatentState(ws, batch), zt, batch, scratch, new double[batch * net.Hidden],
                new double[projection.Parameters.Count], 1.0);
        }

        net.Forward(ws, x, y, batch, training: false);
        var dz = new double[batch * net.Hidden];
        var dp = new double[projection.Parameters.Count];
        projection.Accumulate(net.LatentState(ws, batch), zt, batch, scratch, dz, dp, weight);
        net.AddLatentGradient(ws, dz, batch);
        var grad = net.Parameters.CreateBuffer();
        net.Backward(ws, g, grad, batch);

        // Step 1e-5 as in the network gradient checks: through a whole network a smaller step only adds rounding noise.
        double worst = Check(net.Parameters.Array, grad, Loss, 1e-5);
        Assert.True(worst < 1e-6, $"network gradient with the latent term: worst relative error {worst:E2}");
        // The gradient is used once: a second backward pass without a new one sees the output term alone.
        net.Forward(ws, x, y, batch, training: false);
        var outputOnly = net.Parameters.CreateBuffer();
        net.Backward(ws, g, outputOnly, batch);
        var encoderWeight = net.Parameters.Find("encoder.0.weight");
        Assert.NotEqual(grad.AsSpan(encoderWeight.Offset, encoderWeight.Length).ToArray(), outputOnly.AsSpan(encoderWeight.Offset, encoderWeight.Length).ToArray());
    }
}
