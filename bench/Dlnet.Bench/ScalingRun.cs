using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dlnet.Fleet;
using Dlnet.Pipeline;
using Dlnet.Reporting;
using RunSummary = Dlnet.Pipeline.RunSummary;
using Dlnet.Series;

namespace Dlnet.Bench;

/// <summary>
/// One fleet size of the growth measurement (docs/scaling.md): the built-in synthetic fleet of N cells written
/// to a file as <c>dlnet data synth</c> writes it, loaded back, and run through every stage of the <c>paper</c>
/// preset with each training stage cut to a few epochs, the finishing steps (firmware, report) included. Each
/// stage's wall time, CPU time, peak resident memory and managed allocation go into one entry of the results file,
/// with the windows each split holds, so that the cost per window can be compared across sizes.
/// </summary>
public static class ScalingRun
{
    public static void Run(int cells, int epochs, int threads, string format, string resultPath, string workFolder)
    {
        var meter = new StageMeter();
        Directory.CreateDirectory(workFolder);
        string fleetFile = Path.Combine(workFolder, $"fleet-{cells}.{(format == "parquet" ? "parquet" : "csv")}");

        meter.Begin("synth");
        var generated = SyntheticFleet.Generate(SyntheticFleetOptions.Default with { CellCount = cells });
        LongCsvWriter.Write(generated, fleetFile);
        long fleetBytes = new FileInfo(fleetFile).Length;
        long cycles = generated.Sum(s => (long)s.Length);
        generated = null;
        GC.Collect();

        meter.Begin("load");
        SeriesSet series = FleetLoader.Load(fleetFile);

        var config = Shortened(RunPresets.Get(RunPresets.Paper, threads), epochs) with { Data = new DataConfig(fleetFile) };
        meter.Begin("windows");
        var folder = new RunFolder(Path.Combine(workFolder, $"run-{cells}"));
        if (Directory.Exists(folder.Path)) Directory.Delete(folder.Path, recursive: true);
        var runner = new PipelineRunner(config, series, folder);
        var splits = runner.Splits.Windows;

        var progress = new StageProgress(meter);
        IRunFinishingStep[] finishing = [new MeteredStep(new FirmwareStep(), meter), new MeteredStep(new ReportStep(), meter)];
        var summary = runner.Run(progress, finishing: finishing);
        meter.End();

        var entry = new JsonObject
        {
            ["cells"] = cells,
            ["cycles"] = cycles,
            ["fleet_file"] = new JsonObject { ["format"] = format, ["bytes"] = fleetBytes },
            ["windows"] = new JsonObject(splits.All.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)s.Count))),
            ["epochs"] = new JsonObject { ["teacher"] = config.Teacher.Training.Epochs, ["stage1"] = config.Stage1.Training.Epochs, ["stage2"] = config.Stage2.Training.Epochs },
            ["candidates"] = new JsonObject(summary.Candidates.GroupBy(c => c.Stage).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))),
            ["threads"] = threads,
            ["peak_is_per_stage"] = meter.PeakIsPerStage,
            ["final"] = summary.Final?.Name,
            ["stages"] = new JsonArray([.. meter.Stages.Select(s => (JsonNode)new JsonObject
            {
                ["stage"] = s.Stage,
                ["wall_seconds"] = Math.Round(s.WallSeconds, 2),
                ["cpu_seconds"] = Math.Round(s.CpuSeconds, 2),
                ["peak_resident_mib"] = Math.Round(s.PeakResidentBytes / 1048576.0, 1),
                ["allocated_mib"] = Math.Round(s.AllocatedBytes / 1048576.0, 1),
                ["cpu_us_per_train_window"] = Math.Round(s.CpuSeconds * 1e6 / splits.Train.Count, 1),
            })]),
            ["total_wall_seconds"] = Math.Round(meter.Stages.Sum(s => s.WallSeconds), 1),
            ["peak_resident_mib"] = Math.Round(meter.Stages.Max(s => s.PeakResidentBytes) / 1048576.0, 1),
            ["measured_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["load_average"] = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["cores"] = Environment.ProcessorCount,
        };
        Merge(resultPath, cells, entry);
        Console.WriteLine(entry.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The preset with every training stage cut to <paramref name="epochs"/> epochs and no early stop, so every size does the same passes.</summary>
    public static RunConfig Shortened(RunConfig preset, int epochs) => preset with
    {
        Teacher = preset.Teacher with { Training = Cut(preset.Teacher.Training, epochs) },
        Stage1 = preset.Stage1 with { Training = Cut(preset.Stage1.Training, epochs) },
        Stage2 = preset.Stage2 with { Training = Cut(preset.Stage2.Training, epochs) },
    };

    private static TrainingConfig Cut(TrainingConfig t, int epochs) =>
        t with { Epochs = epochs, Patience = 0, WarmupEpochs = Math.Min(t.WarmupEpochs, epochs - 1) };

    // The results file keeps one entry per fleet size, in size order; a rerun of a size replaces its entry.
    private static void Merge(string resultPath, int cells, JsonObject entry)
    {
        var root = File.Exists(resultPath) ? JsonNode.Parse(File.ReadAllText(resultPath))!.AsObject() : new JsonObject();
        root["benchmark"] = "scaling";
        root["preset"] = "paper";
        root["method"] = "docs/scaling.md";
        var runs = root["runs"] as JsonArray ?? [];
        var kept = runs.Where(r => r!["cells"]!.GetValue<int>() != cells).Select(r => r!.DeepClone()).Append(entry)
            .OrderBy(r => r!["cells"]!.GetValue<int>()).ToArray();
        root["runs"] = new JsonArray(kept);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultPath))!);
        File.WriteAllText(resultPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Starts a measured part at each stage the run announces, and one for the step between two stages.</summary>
    private sealed class StageProgress(StageMeter meter) : IProgress<RunEvent>
    {
        public void Report(RunEvent value)
        {
            switch (value)
            {
                case StageStarted s: meter.Begin(s.Stage); break;
                // Between two stages: the classical baselines after the teacher, the selection after the others.
                case StageFinished f: meter.Begin(f.Stage == "teacher" ? "classical" : "select after " + f.Stage); break;
            }
        }
    }

    /// <summary>A finishing step measured as a part of its own.</summary>
    private sealed class MeteredStep(IRunFinishingStep inner, StageMeter meter) : IRunFinishingStep
    {
        public string Name => inner.Name;

        public FinishedRun Finish(FinishedRun run, IProgress<RunEvent>? progress, CancellationToken cancellation)
        {
            meter.Begin(inner.Name);
            try { return inner.Finish(run, progress, cancellation); }
            finally { meter.End(); }
        }
    }
}
