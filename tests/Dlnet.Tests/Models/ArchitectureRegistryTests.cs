using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Tests.Training;

namespace Dlnet.Tests.Models;

public sealed class ArchitectureRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlnet-architectures-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Small settings per architecture, so that every one is built, saved and loaded quickly; the defaults for the others.</summary>
    public static TheoryData<string> Architectures => new(ArchitectureRegistry.Names);

    private static NetworkOptions Small(string architecture) => architecture switch
    {
        "teacher" => new NetworkOptions { Hidden = 6, EncoderWidth = 12, DecoderWidths = [10, 8], Steps = 3 },
        "student" => new NetworkOptions { Hidden = 4, Rank = 2, EncoderWidth = 12, DecoderWidths = [10, 8] },
        "mlp" => new NetworkOptions { Hidden = 8, Layers = 2, Dropout = 0.1 },
        "lstm" or "gru" => new NetworkOptions { Hidden = 5, Layers = 1 },
        "ltc" or "cfc" => new NetworkOptions { Hidden = 5 },
        _ => new NetworkOptions(),
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void BuildsSavesAndReloadsEveryArchitecture(string architecture)
    {
        var options = Small(architecture);
        var net = ArchitectureRegistry.Named(architecture).Create<float>(options, 20, 6);
        Assert.Equal(architecture, net.Architecture);
        Assert.Equal(20, net.InputSize);
        Assert.Equal(6, net.OutputSize);
        net.Initialize(4);

        var windows = ToyWindows.Make(9, 20, 6, seed: 2);
        var encoding = WindowEncoding.Fit(OutputForm.Delta, windows);
        var description = new ModelDescription
        {
            Name = architecture, Architecture = architecture, Options = options, InputLength = 20, Horizon = 6,
            ParameterCount = net.Parameters.Count, Encoding = EncodingDescription.From(encoding),
        };
        ModelFile.Save(_dir, description, net.Parameters);
        var loaded = ModelFile.Load(_dir);

        var expected = new double[9 * 6];
        var actual = new double[9 * 6];
        new NetworkForecaster(architecture, net, encoding).Forecast(windows.AllHistories(), expected, 9);
        loaded.Forecast(windows.AllHistories(), actual, 9);
        Assert.Equal(expected, actual);
        Assert.All(actual, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void DefaultsAreThePublishedSizes()
    {
        Assert.Equal(155_749, ArchitectureRegistry.Named("teacher").Create<float>(new NetworkOptions(), 100, 100).Parameters.Count);
    }

    [Theory]
    [InlineData("lstm", "rank")]
    [InlineData("teacher", "layers")]
    [InlineData("mlp", "dt")]
    [InlineData("cfc", "dropout")]
    public void RefusesOptionsAnArchitectureHasNoUseFor(string architecture, string option)
    {
        var options = option switch
        {
            "rank" => new NetworkOptions { Rank = 2 },
            "layers" => new NetworkOptions { Layers = 2 },
            "dt" => new NetworkOptions { StepSize = 0.1 },
            _ => new NetworkOptions { Dropout = 0.1 },
        };
        var e = Assert.Throws<ArgumentException>(() => ArchitectureRegistry.Named(architecture).Create<float>(options, 20, 5));
        Assert.Contains(option, e.Message);
    }

    [Theory]
    [InlineData("student", "hidden", "hidden must be at most 1024")]
    [InlineData("teacher", "steps", "steps must be at most 100")]
    [InlineData("teacher", "encoder", "encoder width must be at most 4096")]
    [InlineData("mlp", "widths", "hidden widths: at most 16 layers")]
    [InlineData("lstm", "window", "input length must be at most 10000")]
    public void RefusesSizesBeyondTheLimitsBeforeAllocating(string architecture, string size, string expected)
    {
        var options = size switch
        {
            "hidden" => new NetworkOptions { Hidden = int.MaxValue },
            "steps" => new NetworkOptions { Steps = 2_000_000_000 },
            "encoder" => new NetworkOptions { EncoderWidth = 1_000_000 },
            "widths" => new NetworkOptions { HiddenWidths = Enumerable.Repeat(8, 1000).ToArray() },
            _ => new NetworkOptions(),
        };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ArgumentException>(() => ArchitectureRegistry.Named(architecture).Create<float>(options, size == "window" ? 2_000_000_000 : 20, 5));
        Assert.Contains(expected, e.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    [Fact]
    public void ANetworkOfTooManyParametersIsRefusedBeforeItsWeightsAreAllocated()
    {
        // Every size within its limit, the product far beyond: four 4096 x 4096 decoder layers are 67 million weights.
        var options = new NetworkOptions { EncoderWidth = 4096, DecoderWidths = [4096, 4096, 4096, 4096] };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ArgumentException>(() => ArchitectureRegistry.Named("teacher").Create<float>(options, 100, 100));
        Assert.Contains("more than 50,000,000 parameters", e.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16 << 20);
    }

    [Fact]
    public void UnknownArchitectureListsTheKnownOnes()
    {
        Assert.Null(ArchitectureRegistry.Find("transformer"));
        var e = Assert.Throws<ArgumentException>(() => ArchitectureRegistry.Named("transformer"));
        Assert.Contains("unknown architecture 'transformer'", e.Message);
        Assert.All(ArchitectureRegistry.Names, name => Assert.Contains(name, e.Message));
    }

    [Fact]
    public void EveryArchitectureIsFoundOnceByItsName()
    {
        // The paper's networks and the baselines are all there, found without a list kept by hand.
        Assert.Superset(new HashSet<string> { "teacher", "student", "mlp", "lstm", "gru", "cfc", "ltc" }, ArchitectureRegistry.Names.ToHashSet());
        Assert.Equal(ArchitectureRegistry.Names.Order(StringComparer.Ordinal), ArchitectureRegistry.Names);
        Assert.Equal(ArchitectureRegistry.Names.Count, ArchitectureRegistry.Names.Distinct().Count());
        foreach (var architecture in ArchitectureRegistry.All)
        {
            Assert.Same(architecture, ArchitectureRegistry.Named(architecture.Name));
            Assert.Matches("^[a-z][a-z0-9]*$", architecture.Name);
        }
    }

    [Fact]
    public void WeightsOfAnotherSizeFailToLoadWithTheFileNamed()
    {
        var net = ArchitectureRegistry.Named("mlp").Create<float>(new NetworkOptions { Hidden = 8, Layers = 1 }, 20, 6);
        var encoding = new WindowEncoding(OutputForm.Delta, 20, 6, 0, 1, 1);
        var description = new ModelDescription
        {
            Name = "m", Architecture = "mlp", Options = new NetworkOptions { Hidden = 8, Layers = 1 }, InputLength = 20, Horizon = 6,
            ParameterCount = net.Parameters.Count, Encoding = EncodingDescription.From(encoding),
        };
        ModelFile.Save(_dir, description, net.Parameters);
        // model.json now claims a wider network than the weights hold
        string json = Path.Combine(_dir, ModelFile.DescriptionFileName);
        File.WriteAllText(json, File.ReadAllText(json).Replace("\"hidden\": 8", "\"hidden\": 9"));
        var e = Assert.Throws<Dlnet.IO.DataFormatException>(() => ModelFile.Load(_dir));
        Assert.Equal(Path.Combine(_dir, ModelFile.WeightsFileName), e.File);
        Assert.Contains("layer.0", e.Problem);
    }
}
