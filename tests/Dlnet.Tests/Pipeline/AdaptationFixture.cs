using Dlnet.Fleet;
using Dlnet.Pipeline;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Pipeline;

/// <summary>
/// A tiny run (<see cref="TinyRun"/>, on its fleet saved as a CSV so that the run's models name data that can be
/// found again) made once for a test class, and a new fleet to adapt it to: other synthetic cells, with
/// measurement noise the run never saw.
/// </summary>
public sealed class AdaptationFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public AdaptationFixture()
    {
        var trainedOn = FleetLoader.Load(TinyRun.WriteFleet(_folder));
        RunPath = _folder.File("run");
        new PipelineRunner(TinyRun.Config(_folder), trainedOn, new RunFolder(RunPath)).Run();
        FleetPath = _folder.File("new-fleet.csv");
        LongCsvWriter.Write(SyntheticFleet.Generate(new SyntheticFleetOptions { CellCount = 14, Seed = 8, NoiseStdDev = 0.0008 }), FleetPath);
        NewFleet = FleetLoader.Load(FleetPath);
        Cells = AdaptationProtocol.Draw(NewFleet, 2, seed: 1);
    }

    /// <summary>The finished tiny run.</summary>
    public string RunPath { get; }

    /// <summary>The new fleet, as a CSV with its split tags beside it.</summary>
    public string FleetPath { get; }

    public SeriesSet NewFleet { get; }

    /// <summary>Two of its train cells, drawn with seed 1.</summary>
    public IReadOnlyList<string> Cells { get; }

    /// <summary>Settings that make an adaptation take seconds: two epochs each, no firmware (no host compiler).</summary>
    public static AdaptationSettings Quick { get; } = new()
    {
        Epochs = 2,
        Patience = 0,
        Threads = 2,
        TeacherLearningRate = 1e-3,
        StudentLearningRate = 1e-3,
        Deployment = new() { HostCompiler = "dlnet-no-such-cc" },
    };

    public void Dispose() => _folder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class AdaptationCollection : ICollectionFixture<AdaptationFixture>
{
    public const string Name = "adaptation";
}
