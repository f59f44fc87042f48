using Dlnet.Fleet;
using Dlnet.Optimization;
using Dlnet.Pipeline;
using Dlnet.Series;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Tests.Pipeline;

/// <summary>A run small enough for a test: a fleet of 12 synthetic cells, a small teacher, two tiny students, two epochs per stage.</summary>
internal static class TinyRun
{
    public static SeriesSet Fleet { get; } = SyntheticFleet.Generate(new SyntheticFleetOptions { CellCount = 12, Seed = 3 });

    /// <summary>The run's settings as a config file would give them over the quick preset.</summary>
    public const string ConfigJson = """
        {
          "preset": "quick",
          "protocol": { "train_stride": 7 },
          "threads": 2,
          "teacher": {
            "options": { "encoder_width": 16, "hidden": 8, "decoder_widths": [16] },
            "training": { "epochs": 2, "patience": 0 }
          },
          "stage1": {
            "grid": [ { "architecture": "student", "hidden": [4, 2], "rank": [2], "encoder_width": [8], "decoder_widths": [[8, 8]] } ],
            "training": { "epochs": 2, "patience": 0 }
          },
          "selection": { "max_survivors": 2 },
          "pruning": { "ratios": [0.25, 0.5] },
          "stage2": { "training": { "epochs": 2, "patience": 0 } },
          "budget": { "flash_bytes": 13500 }
        }
        """;

    public static RunConfig Config(TempFolder folder)
    {
        string path = folder.Write("tiny.json", ConfigJson);
        return RunConfigResolver.Resolve(null, path, new RunOverrides(), defaultThreads: 2);
    }

    /// <summary>Writes the fleet as a CSV (with its split metadata) for runs through the command line.</summary>
    public static string WriteFleet(TempFolder folder)
    {
        string path = folder.File("fleet.csv");
        LongCsvWriter.Write(Fleet, path);
        return path;
    }
}

/// <summary>Counts the trainings a run asks for, and passes them on.</summary>
internal sealed class CountingTrainer(ICandidateTrainer inner) : ICandidateTrainer
{
    private int _count;

    public int Count => _count;

    public List<string> Names { get; } = [];

    /// <summary>Each finished training: name, seed and validation MAE of the kept epoch.</summary>
    public List<(string Name, int Seed, double Mae)> Results { get; } = [];

    /// <summary>Every request, in the order the trainings began.</summary>
    public List<TrainingRequest> Requests { get; } = [];

    public TrainedForecaster Train(TrainingRequest request, IProgress<EpochReport>? progress, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _count);
        string name = request.Settings.Name ?? request.Settings.Architecture;
        lock (Names)
        {
            Names.Add(name);
            Requests.Add(request);
        }
        var trained = inner.Train(request, progress, cancellation);
        lock (Results) Results.Add((name, request.Settings.Training.Seed, trained.Result.BestValidationMae));
        return trained;
    }

    public static CountingTrainer For(RunConfig config, SeriesSet series)
    {
        ProtocolSplits splits = PipelineRunner.Split(config, series).Windows;
        return new CountingTrainer(new CandidateTrainer(series, splits, config.Protocol.SplitSeed, config.Threads));
    }
}
