using Dlnet.Architectures;
using Dlnet.Export.Onnx;
using Dlnet.Forecasting;
using Xunit.Abstractions;

namespace Dlnet.Tests.Export;

/// <summary>
/// Whole forecasters (encoding, network, decoding) in ONNX Runtime on raw SOH-like windows, against
/// <see cref="NetworkForecaster"/>, in each output form.
/// </summary>
public sealed class OnnxForecasterExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;
    private const int W = 30, H = 20, Batch = 9;

    public static TheoryData<string, string, int> Cases => new()
    {
        { "minmax", "mlp", 0 }, { "delta", "mlp", 0 }, { "residual", "mlp", 0 }, { "residual", "student", 0 }, { "delta", "gru", 0 },
        { "residual", "student", 5 }, { "delta", "mlp", 7 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RuntimeMatchesTheForecaster(string form, string architecture, int median)
    {
        OutputForms.TryParse(form, out var outputForm);
        var encoding = outputForm switch
        {
            OutputForm.MinMax => new WindowEncoding(outputForm, W, H, offset: 0.78, inputScale: 0.23, outputScale: 0.23),
            OutputForm.Delta => new WindowEncoding(outputForm, W, H, 0, inputScale: 0.012, outputScale: 0.02, medianWidth: median),
            _ => new WindowEncoding(outputForm, W, H, 0, inputScale: 0.012, outputScale: 0.004, tailLength: 12, medianWidth: median),
        };
        var options = architecture switch
        {
            "mlp" => new NetworkOptions { Hidden = 16, Layers = 2 },
            "student" => new NetworkOptions { Hidden = 6, Rank = 2, EncoderWidth = 12 },
            _ => new NetworkOptions { Hidden = 8, Layers = 1 },
        };
        var network = ArchitectureRegistry.Named(architecture).Create<float>(options, W, H);
        network.Initialize(seed: 4);
        OnnxRuntimeRunner.Perturb(network, seed: 9, size: 0.1);
        var forecaster = new NetworkForecaster("f", network, encoding);

        var windows = SohWindows(seed: 2);
        var expected = new double[Batch * H];
        forecaster.Forecast(windows, expected, Batch);

        var model = OnnxExporter.Forecaster(forecaster);
        var onnx = OnnxRuntimeRunner.Run(model.ToByteArray(), [.. windows.Select(v => (float)v)], Batch, W);
        double max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - onnx[i]));
        output.WriteLine($"{form}/{architecture}: max |C# - ORT| {max:E2} SOH over forecasts {expected.Min():F3}..{expected.Max():F3}");
        Assert.True(max <= Tolerance, $"ONNX Runtime differs from the forecaster by {max:E3} SOH");

        Assert.Equal(form, model.Metadata["form"]);
        Assert.Equal(architecture, model.Metadata["architecture"]);
        Assert.Equal(outputForm == OutputForm.Residual, model.Metadata.ContainsKey("tail_length"));
        Assert.Equal(median > 0 ? median.ToString() : null, model.Metadata.GetValueOrDefault("median_width"));
    }

    /// <summary>Gently fading SOH histories at different levels and slopes, with measurement noise and a spike or dip in one value in eight, the last included.</summary>
    private static double[] SohWindows(int seed)
    {
        var rng = new Random(seed);
        var x = new double[Batch * W];
        for (int k = 0; k < Batch; k++)
        {
            double level = 0.85 + 0.14 * rng.NextDouble(), slope = 2e-4 + 1e-3 * rng.NextDouble(), curve = 1e-5 * rng.NextDouble();
            for (int t = 0; t < W; t++) x[k * W + t] = level - slope * t - curve * t * t + 3e-4 * (rng.NextDouble() - 0.5);
            for (int t = 0; t < W; t++)
                if (rng.Next(8) == 0 || (k == 0 && t == W - 1)) x[k * W + t] += rng.Next(2) == 0 ? 0.03 : -0.03;
        }
        return x;
    }
}
