using Dlnet.Architectures;
using Dlnet.Cli;
using Dlnet.Cli.Common;
using Dlnet.ModelFiles;
using Dlnet.Selection;
using Dlnet.Tests.Deployment;
using Dlnet.Tests.Export;
using Dlnet.Tests.Nn;
using Xunit.Abstractions;

namespace Dlnet.Tests.Models;

/// <summary>
/// The <c>linear</c> architecture, added as one file: its network is one affine map, and the command line,
/// the model files, the cost model and the ONNX export take it without knowing it by name.
/// </summary>
public sealed class LinearArchitectureTests(ITestOutputHelper log)
{
    [Fact]
    public void ForecastIsOneAffineMapOfTheWindow()
    {
        const int w = 5, h = 3, batch = 2;
        var network = ArchitectureRegistry.Named("linear").Create<double>(new NetworkOptions(), w, h);
        Assert.Equal(["linear.weight[3,5]", "linear.bias[3]"], network.Parameters.Tensors.Select(t => $"{t.Name}[{string.Join(',', t.Shape)}]"));
        network.Initialize(seed: 1);
        var weight = network.Parameters[network.Parameters.Find("linear.weight")].ToArray();
        var bias = network.Parameters[network.Parameters.Find("linear.bias")].ToArray();
        double[] x = [0.9, 0.8, 0.85, 0.7, 0.6, -1, 0, 1, 2, 3];
        var y = new double[batch * h];
        network.Forward(network.CreateWorkspace(batch), x, y, batch, training: false);
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < h; o++)
            {
                double expected = bias[o];
                for (int i = 0; i < w; i++) expected += weight[o * w + i] * x[b * w + i];
                Assert.Equal(expected, y[b * h + o], 12);
            }
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var network = ArchitectureRegistry.Named("linear").Create<double>(new NetworkOptions(), 7, 4);
        network.Initialize(seed: 2);
        var (worst, report) = GradientCheck.Run(network, batch: 3, seed: 5);
        Assert.True(worst < 1e-6, report);
    }

    [Fact]
    public void HasNoSettingsAndCostsOneDenseLayer()
    {
        var linear = ArchitectureRegistry.Named("linear");
        var e = Assert.Throws<ArgumentException>(() => linear.Create<float>(new NetworkOptions { Hidden = 8 }, 100, 100));
        Assert.Equal("linear has no hidden setting", e.Message);
        var cost = CostModel.Estimate(linear.Create<float>(new NetworkOptions(), 100, 100));
        Assert.Equal(100L * 100, cost.Macs);
        Assert.Equal(Int8Footprint.DenseBytes(100, 100), cost.Int8WeightBytes);
        Assert.Equal(100 * 100 + 100, cost.Parameters);
    }

    [Fact]
    public void TrainsSavesAndExportsFromTheCommandLine()
    {
        using var folder = new TempFolder();
        string model = folder.File("linear"), onnx = folder.File("linear.onnx");
        var r = Cli.Run("train", "--model", "linear", "--epochs", "3", "--threads", "1", "--data", DeploymentFixtures.Csv, "--out", model, "--plain");
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        var description = ModelFile.ReadDescription(model);
        Assert.Equal("linear", description.Architecture);
        Assert.Equal(100 * 100 + 100, description.ParameterCount);
        double mae = description.Metrics["validation"].Mae;
        log.WriteLine($"validation MAE after 3 epochs: {mae:F4} SOH");
        Assert.InRange(mae, 0, 0.01);

        r = Cli.Run("export", "--model", model, "--format", "onnx", "--out", onnx);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        var test = DeploymentFixtures.Splits.Reports[0];
        int n = test.Count, w = test.InputLength, h = test.Horizon;
        var histories = new double[n * w];
        test.CopyInputs(0, n, histories);
        var expected = new double[n * h];
        ModelFile.Load(model).Forecast(histories, expected, n);
        var actual = OnnxRuntimeRunner.Run(File.ReadAllBytes(onnx), [.. histories.Select(v => (float)v)], n, w);
        double max = expected.Select((v, i) => Math.Abs(v - actual[i])).Max();
        Assert.True(max <= 1e-5, $"ONNX Runtime differs from the model folder by {max:E3} SOH");
    }
}
