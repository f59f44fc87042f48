using System.Globalization;
using System.Text;
using System.Text.Json;
using Dlnet.Architectures;
using Dlnet.Baselines;
using Dlnet.Fleet;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Optimization;
using Dlnet.Pipeline;
using Dlnet.Scoring;
using Dlnet.Selection;
using Dlnet.Series;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Tests.Reporting;

/// <summary>
/// A small finished run folder, as <c>dlnet run</c> leaves it: a synthetic fleet of 12 short-lived cells
/// written as a data folder (with 16 paper segments), a tiny teacher and a tiny student trained on it
/// and saved as model folders, and a summary.json written by hand in the form of the run folder contract.
/// Built once for every test that reads it.
/// </summary>
public sealed class RunFolderFixture : IDisposable
{
    public const string StudentName = "s1-student-h4-r2";
    public const string CompressedName = "c-student-h4-r2-p50";
    public const string FinalName = "s2-student-h4-r2-p50";

    public RunFolderFixture()
    {
        Root = Directory.CreateTempSubdirectory("dlnet-run-").FullName;
        DataFolder = Path.Combine(Root, "data");
        RunFolder = Path.Combine(Root, "run");

        var fleet = SyntheticFleet.Generate(new SyntheticFleetOptions
        {
            CellCount = 12, Seed = 5, MedianCycleLife = 340, MinCycleLife = 260, MaxCycleLife = 480, NoiseStdDev = 2e-4,
        });
        Directory.CreateDirectory(DataFolder);
        LongCsvWriter.Write(fleet, Path.Combine(DataFolder, FleetLoader.FolderCsv));
        File.WriteAllText(Path.Combine(DataFolder, PaperEvalSegments.FileName), PaperSegments(fleet));

        Series = FleetLoader.Load(DataFolder);
        Splits = Protocols.Split(CellsProtocol.Name, Series, SplitSeed);
        var training = new TrainingOptions { Epochs = 2, BatchSize = 64, LearningRate = 3e-3, Threads = 1, Seed = 3 };
        Teacher = ForecasterTraining.Run(Series, Splits, SplitSeed, new ForecasterTrainingSettings("teacher",
            new NetworkOptions { Hidden = 8, EncoderWidth = 16, Steps = 2 }, OutputForm.Residual, training, "teacher"));
        Student = ForecasterTraining.Run(Series, Splits, SplitSeed, new ForecasterTrainingSettings("student",
            new NetworkOptions { Hidden = 4, Rank = 2, EncoderWidth = 16 }, OutputForm.Residual, training, StudentName));

        ModelFile.Save(Path.Combine(RunFolder, "teacher"), Teacher.Description, Teacher.Forecaster.Network.Parameters);
        ModelFile.Save(StudentFolder, Student.Description, Student.Forecaster.Network.Parameters);
        StudentCost = CostModel.Estimate(Student.Forecaster.Network);
        Classical = BestClassical.Score(Splits);
        // The run's configuration, from which dlnet report splits the data as the run did: the quick preset (cells, split seed 42).
        RunConfigFile.Write(Path.Combine(RunFolder, Dlnet.Pipeline.RunFolder.ConfigFileName), RunPresets.Get(RunPresets.Quick, threads: 1));
        WriteSummary(RunFolder, deployed: false);
    }

    public const int SplitSeed = 42;

    public string Root { get; }

    public string DataFolder { get; }

    public string RunFolder { get; }

    public string StudentFolder => Path.Combine(RunFolder, "candidates", StudentName);

    public SeriesSet Series { get; }

    public ProtocolSplits Splits { get; }

    public TrainedForecaster Teacher { get; }

    public TrainedForecaster Student { get; }

    public CandidateCost StudentCost { get; }

    /// <summary>The classical family on the run's splits and the member chosen on validation, as the summary records them.</summary>
    public ClassicalReference Classical { get; }

    /// <summary>The report splits holding test cells.</summary>
    public string[] TestSplits => Splits.Reports.Select(s => s.Name).Where(n => !n.StartsWith("paper16", StringComparison.Ordinal)).ToArray();

    /// <summary>
    /// A copy of the run folder (models and summary) under a new name, so a test can change it freely.
    /// </summary>
    public string CopyRun(string name)
    {
        string target = Path.Combine(Root, name);
        foreach (string file in Directory.EnumerateFiles(RunFolder, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(RunFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
        return target;
    }

    /// <summary>
    /// summary.json in the contract's form. The student stands for three candidates (stage 1, its compressed
    /// form and the retrained final model, all in its folder), with its real costs scaled for the later stages.
    /// </summary>
    public void WriteSummary(string runFolder, bool deployed)
    {
        var c = CultureInfo.InvariantCulture;
        var s = StudentCost;
        string Rows(string predictor, IReadOnlyDictionary<string, SplitMetrics> metrics) =>
            "[" + string.Join(", ", metrics.Select(m => Row(predictor, m.Key, m.Value.Windows, m.Value.Mae, m.Value.Rmse, m.Value.Mape, m.Value.MaeAt10, m.Value.MaeAt100))) + "]";
        var baselineRows = Classical.Rows.Select(r => Row(r.Predictor, r.Split, r.Windows, r.Mae ?? double.NaN, r.Rmse ?? double.NaN,
            r.Mape ?? double.NaN, r.MaeAt10 ?? double.NaN, r.MaeAt100 ?? double.NaN)).ToList();
        double validation = Student.Description.Metrics["validation"].Mae;
        string Candidate(string name, string stage, string? parent, double prune, long bytes, long macs, double mae, bool onFront) => string.Create(c, $$"""
            { "name": "{{name}}", "stage": "{{stage}}", "parent": {{(parent is null ? "null" : $"\"{parent}\"")}},
              "folder": "candidates/{{StudentName}}", "architecture": "student", "hidden": 4, "rank": 2, "prune_ratio": {{prune}},
              "parameters": {{s.Parameters}}, "int8_bytes": {{bytes}}, "macs": {{macs}}, "peak_activation_bytes": {{s.PeakActivationBytes}},
              "flash_bytes": {{bytes + 6000}}, "ram_bytes": {{s.PeakActivationBytes + 512}},
              "latency_ms_low": {{s.Latency.MillisecondsLow * macs / s.Macs}}, "latency_ms_high": {{s.Latency.MillisecondsHigh * macs / s.Macs}},
              "validation_mae": {{mae}}, "metrics": {{Rows(name, Student.Description.Metrics)}}, "on_front": {{(onFront ? "true" : "false")}}, "within_budget": true }
            """);
        string deployment = deployed ? """
            { "model": "candidates/s2-student-h4-r2-p50", "flash_bytes": 9876, "ram_bytes": 1234, "instructions_per_inference": 45678,
              "latency_ms_at_64mhz": { "low": 0.71, "high": 1.42 },
              "int8_metrics": [{"predictor": "s2-student-h4-r2-p50-int8", "split": "test1", "windows": 10, "mae": 0.0042, "rmse": 0.005, "mape": 0.45, "mae_at_10": 0.002, "mae_at_100": 0.009}],
              "float_metrics": [], "baselines": [],
              "bit_exact": { "host": { "windows_compared": 321, "windows_identical": 321 }, "emulator": null },
              "toolchain": { "host_cc": "gcc 14.2", "arm_cc": null, "qemu": null } }
            """ : "null";
        double test1 = Student.Description.Metrics["test1"].Mae;
        string json = string.Create(c, $$"""
            {
              "dlnet_version": "0.1.0",
              "preset": "quick",
              "protocol": "cells",
              "seed": 1,
              "data": { "source": {{JsonSerializer.Serialize(DataFolder)}}, "fingerprint": "{{DataFingerprint.Compute(Series)}}", "cells": {{Series.Count}} },
              "budget": { "flash_bytes": 16384, "ram_bytes": 4096, "latency_ms": 1.0 },
              "teacher": { "name": "teacher", "folder": "teacher", "metrics": {{Rows("teacher", Teacher.Description.Metrics)}} },
              "baselines": [{{string.Join(", ", baselineRows)}}],
              "best_classical": { "name": "{{Classical.Chosen}}", "chosen_on": "{{Classical.ChosenOn}}" },
              "candidates": [
                {{Candidate(StudentName, "stage1", null, 0.0, s.Int8WeightBytes, s.Macs, validation, true)}},
                {{Candidate(CompressedName, "compressed", StudentName, 0.5, s.Int8WeightBytes / 2, s.Macs / 2, validation * 1.3, false)}},
                {{Candidate(FinalName, "stage2", CompressedName, 0.5, s.Int8WeightBytes / 2, s.Macs / 2, validation * 1.05, true)}}
              ],
              "front": { "stage1": ["{{StudentName}}"], "final": ["{{StudentName}}", "{{FinalName}}"] },
              "final": { "name": "{{FinalName}}", "folder": "candidates/{{StudentName}}", "int8_bytes": {{s.Int8WeightBytes / 2}}, "macs": {{s.Macs / 2}},
                         "metrics": {{Rows(FinalName, Student.Description.Metrics)}} },
              "ablation": [ { "split": "test1", "teacher": {{Teacher.Description.Metrics["test1"].Mae}}, "best_stage1": {{test1}}, "compressed": {{test1 * 1.3}}, "dual_stage": {{test1 * 1.05}}, "best_classical": 0.01 } ],
              "deployment": {{deployment}},
              "elapsed_seconds": 12.5
            }
            """);
        File.WriteAllText(Path.Combine(runFolder, "summary.json"), json);
    }

    private static string Row(string predictor, string split, int windows, double mae, double rmse, double mape, double at10, double at100) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"predictor": "{{predictor}}", "split": "{{split}}", "windows": {{windows}}, "mae": {{Number(mae)}}, "rmse": {{Number(rmse)}}, "mape": {{Number(mape)}}, "mae_at_10": {{Number(at10)}}, "mae_at_100": {{Number(at100)}}}""");

    private static string Number(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "null";

    /// <summary>16 segments of 200 cycles spread over the cells, named as the paper names them (BatNNN_SOH; here SynNNN_SOH).</summary>
    private static string PaperSegments(SeriesSet fleet)
    {
        var json = new StringBuilder("[\n");
        for (int k = 0; k < 16; k++)
        {
            var cell = fleet[k % fleet.Count];
            int start = (cell.Length - 200) * (k / fleet.Count + 1) / 3;
            json.Append(CultureInfo.InvariantCulture, $"  {{\"battery\": \"{cell.Id}_SOH\", \"start\": {start}, \"end\": {start + 200}}}{(k < 15 ? "," : "")}\n");
        }
        return json.Append(']').ToString();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class RunFolderCollection : ICollectionFixture<RunFolderFixture>
{
    public const string Name = "run folder";
}
