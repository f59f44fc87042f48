using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.ModelFiles;
using Dlnet.Optimization;
using Dlnet.Tests.Training;

namespace Dlnet.Tests.Models;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dlnet-modelfile-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static ModelDescription Describe(TinyNetwork<float> net, WindowEncoding encoding) => new()
    {
        Name = "tiny",
        Architecture = net.Architecture,
        Options = new NetworkOptions { Hidden = 4 },
        InputLength = encoding.InputLength,
        Horizon = encoding.Horizon,
        ParameterCount = net.Parameters.Count,
        Encoding = EncodingDescription.From(encoding),
        Seed = 3,
        Training = new TrainingDescription(new TrainingOptions { Epochs = 2 }, 2, 1, 0.01, StopReason.Completed, 0.5),
        Data = new DataDescription("toy", "sha256:00", "cells", 42, 4, 10, 2),
        Metrics = new Dictionary<string, SplitMetrics> { ["validation"] = new(2, 0.01, 0.02, 1.0, 0.005, double.NaN) },
    };

    [Fact]
    public void RoundTripsWeightsAndDescription()
    {
        var windows = ToyWindows.Make(10, 12, 4, seed: 1);
        var net = new TinyNetwork<float>(12, 4, hidden: 4);
        net.Initialize(3);
        var encoding = WindowEncoding.Fit(OutputForm.Residual, windows);
        var description = Describe(net, encoding);
        ModelFile.Save(_dir, description, net.Parameters);

        var read = ModelFile.ReadDescription(_dir);
        Assert.Equal(description.Name, read.Name);
        Assert.Equal(description.Options, read.Options);
        Assert.Equal(description.Encoding, read.Encoding);
        Assert.Equal(description.Training!.Settings, read.Training!.Settings);
        Assert.Equal(StopReason.Completed, read.Training.StopReason);
        Assert.Contains("\"stopReason\": \"completed\"", File.ReadAllText(Path.Combine(_dir, "model.json")));
        Assert.Equal(description.Data, read.Data);
        Assert.Equal(description.Metrics["validation"], read.Metrics["validation"]);

        var copy = new TinyNetwork<float>(12, 4, hidden: 4);
        ModelFile.ReadWeights(_dir, copy.Parameters);
        Assert.Equal(net.Parameters.Array, copy.Parameters.Array);

        // the rebuilt forecaster forecasts exactly as the original
        var original = new NetworkForecaster("a", net, encoding);
        var rebuilt = new NetworkForecaster("b", copy, read.Encoding.ToEncoding(read.InputLength, read.Horizon));
        var f1 = new double[40];
        var f2 = new double[40];
        original.Forecast(windows.AllHistories(), f1, 10);
        rebuilt.Forecast(windows.AllHistories(), f2, 10);
        Assert.Equal(f1, f2);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(_dir, ".*")));
    }

    [Fact]
    public void WeightsOfAnotherSizeAreRejectedByName()
    {
        var net = new TinyNetwork<float>(12, 4, hidden: 4);
        ModelWeights.Save(Path.Combine(_dir, "w.safetensors"), net.Parameters);
        var bigger = new TinyNetwork<float>(12, 4, hidden: 5);
        var e = Assert.Throws<DataFormatException>(() => ModelWeights.Load(Path.Combine(_dir, "w.safetensors"), bigger.Parameters));
        Assert.Contains("hidden.weight", e.Problem);
        Assert.Contains("[4,12]", e.Problem);
        Assert.Equal(0f, bigger.Parameters.Array.Max());
    }

    [Fact]
    public void WeightsOfAnotherArchitectureAreRejected()
    {
        var linear = new TinyNetwork<float>(12, 4, hidden: 0);
        ModelWeights.Save(Path.Combine(_dir, "w.safetensors"), linear.Parameters);
        var e = Assert.Throws<DataFormatException>(() => ModelWeights.Load(Path.Combine(_dir, "w.safetensors"), new TinyNetwork<float>(12, 4, hidden: 4).Parameters));
        Assert.Contains("'hidden.weight' missing", e.Problem);

        var deep = new TinyNetwork<float>(12, 4, hidden: 4);
        ModelWeights.Save(Path.Combine(_dir, "d.safetensors"), deep.Parameters);
        var shallow = new TinyNetwork<float>(4, 4, hidden: 0);
        Assert.Throws<DataFormatException>(() => ModelWeights.Load(Path.Combine(_dir, "d.safetensors"), shallow.Parameters));
    }

    [Fact]
    public void ExtraTensorIsRejected()
    {
        var path = Path.Combine(_dir, "x.safetensors");
        var net = new TinyNetwork<float>(3, 2, hidden: 0);
        var tensors = net.Parameters.Tensors.Select(t => new SafeTensor(t.Name, t.Shape, new float[t.Length])).Append(new SafeTensor("extra", [1], [0f])).ToArray();
        SafeTensors.Save(path, tensors);
        var e = Assert.Throws<DataFormatException>(() => ModelWeights.Load(path, net.Parameters));
        Assert.Contains("'extra' is not a parameter", e.Problem);
    }

    [Fact]
    public void DescriptionProblemsNameTheFile()
    {
        Directory.CreateDirectory(_dir);
        var e = Assert.Throws<DataFormatException>(() => ModelFile.ReadDescription(_dir));
        Assert.Contains("not a model folder", e.Problem);

        string json = Path.Combine(_dir, ModelFile.DescriptionFileName);
        File.WriteAllText(json, "{ \"name\": 3");
        e = Assert.Throws<DataFormatException>(() => ModelFile.ReadDescription(_dir));
        Assert.Equal(json, e.File);

        File.WriteAllText(json, """{"name":"m","architecture":"mlp","inputLength":10,"horizon":5,"parameterCount":1,"encoding":{"form":"cubic","offset":0,"inputScale":1,"outputScale":1,"tailLength":0}}""");
        e = Assert.Throws<DataFormatException>(() => ModelFile.ReadDescription(_dir));
        Assert.Contains("cubic", e.Problem);

        File.WriteAllText(json, """{"name":"m","architecture":"mlp","inputLength":10,"horizon":5,"parameterCount":1,"encoding":{"form":"delta","offset":0,"inputScale":-1,"outputScale":1,"tailLength":0}}""");
        e = Assert.Throws<DataFormatException>(() => ModelFile.ReadDescription(_dir));
        Assert.Contains("scale", e.Problem);

        File.WriteAllText(json, """{"name":"m","architecture":"mlp","inputLength":10}""");
        e = Assert.Throws<DataFormatException>(() => ModelFile.ReadDescription(_dir));
        Assert.Contains("horizon", e.Problem);
    }
}
