using System.Text.Json;
using Dlnet.ModelFiles;
using Dlnet.Pipeline;

namespace Dlnet.Tests.Pipeline;

public sealed class PipelineRunnerTests
{
    private static readonly string[] MetricFields = ["predictor", "split", "windows", "mae", "rmse", "mape", "mae_at_10", "mae_at_100"];

    private static readonly string[] CandidateFields =
    [
        "name", "stage", "parent", "folder", "architecture", "hidden", "rank", "prune_ratio", "parameters", "int8_bytes", "macs",
        "peak_activation_bytes", "flash_bytes", "ram_bytes", "latency_ms_low", "latency_ms_high", "validation_mae", "metrics", "on_front", "within_budget",
    ];

    [Fact]
    public void ATinyRunWritesEveryFieldOfTheContract()
    {
        using var temp = new TempFolder();
        var config = TinyRun.Config(temp);
        var folder = new RunFolder(temp.File("run"));
        var summary = new PipelineRunner(config, TinyRun.Fleet, folder).Run();

        using var json = JsonDocument.Parse(File.ReadAllText(folder.SummaryPath));
        var root = json.RootElement;
        AssertFields(root, "dlnet_version", "preset", "protocol", "seed", "data", "budget", "teacher", "baselines", "best_classical", "candidates", "front", "final", "ablation", "deployment", "elapsed_seconds");
        Assert.Equal("0.1.0", root.GetProperty("dlnet_version").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("preset").ValueKind);
        Assert.Equal("cells", root.GetProperty("protocol").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("deployment").ValueKind);
        AssertFields(root.GetProperty("data"), "source", "fingerprint", "cells");
        Assert.Equal(12, root.GetProperty("data").GetProperty("cells").GetInt32());
        Assert.Equal(DataFingerprint.Compute(TinyRun.Fleet), root.GetProperty("data").GetProperty("fingerprint").GetString());
        AssertFields(root.GetProperty("budget"), "flash_bytes", "ram_bytes", "latency_ms");
        Assert.Equal(13500, root.GetProperty("budget").GetProperty("flash_bytes").GetInt64());
        AssertFields(root.GetProperty("teacher"), "name", "folder", "metrics");
        Assert.True(File.Exists(Path.Combine(folder.Path, "teacher", ModelFile.DescriptionFileName)));

        string[] splits = ["train", "validation", "test1", "test2"];
        foreach (var row in root.GetProperty("teacher").GetProperty("metrics").EnumerateArray()) AssertFields(row, MetricFields);
        Assert.Equal(splits, root.GetProperty("teacher").GetProperty("metrics").EnumerateArray().Select(r => r.GetProperty("split").GetString()));
        // The whole classical family on validation and the report splits, and the member chosen on validation.
        var baselines = root.GetProperty("baselines").EnumerateArray().ToArray();
        Assert.Equal(Dlnet.Baselines.BaselineFactory.Family.Count * (splits.Length - 1), baselines.Length);
        foreach (var row in baselines) AssertFields(row, MetricFields);
        Assert.Equal(Dlnet.Baselines.BaselineFactory.Family, baselines.Select(r => r.GetProperty("predictor").GetString()).Distinct());
        Assert.Equal(splits[1..], baselines.Select(r => r.GetProperty("split").GetString()).Distinct());
        AssertFields(root.GetProperty("best_classical"), "name", "chosen_on");
        Assert.Equal("validation", summary.BestClassical.ChosenOn);
        var validation = summary.Baselines.Where(r => r.Split == "validation").ToArray();
        Assert.Equal(validation.Min(r => r.Mae), validation.Single(r => r.Predictor == summary.BestClassical.Name).Mae);

        var candidates = root.GetProperty("candidates").EnumerateArray().ToArray();
        foreach (var c in candidates)
        {
            AssertFields(c, CandidateFields);
            foreach (var row in c.GetProperty("metrics").EnumerateArray()) AssertFields(row, MetricFields);
            string name = c.GetProperty("name").GetString()!;
            Assert.Equal($"candidates/{name}", c.GetProperty("folder").GetString());
            // Each candidate's folder holds a loadable model and its own entry.
            var model = ModelFile.Load(folder.CandidatePath(name));
            Assert.Equal(c.GetProperty("parameters").GetInt64(), model.Network.Parameters.Count);
            using var entry = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.CandidatePath(name), RunFolder.CandidateFileName)));
            Assert.True(JsonElement.DeepEquals(c, entry.RootElement), $"{name}: candidate.json differs from its summary entry");
        }
        Assert.Equal(["stage1", "stage1"], candidates.Take(2).Select(c => c.GetProperty("stage").GetString()));
        Assert.Contains(candidates, c => c.GetProperty("stage").GetString() == "compressed");
        Assert.Contains(candidates, c => c.GetProperty("stage").GetString() == "stage2");

        AssertFields(root.GetProperty("front"), "stage1", "final");
        AssertFields(root.GetProperty("final"), "name", "folder", "int8_bytes", "macs", "metrics");
        var ablation = root.GetProperty("ablation").EnumerateArray().ToArray();
        Assert.Equal(["test1", "test2"], ablation.Select(r => r.GetProperty("split").GetString()));
        foreach (var row in ablation) AssertFields(row, "split", "teacher", "best_stage1", "compressed", "dual_stage", "best_classical");

        // The final model is the knee of the final front and fits the budget.
        var final = summary.Candidates.Single(c => c.Name == summary.Final!.Name);
        Assert.True(final.OnFront && final.WithinBudget);
        Assert.True(final.FlashBytes <= config.Budget.FlashBytes && final.RamBytes <= config.Budget.RamBytes && final.LatencyMsHigh <= config.Budget.LatencyMs);
        Assert.Contains(final.Name, summary.Front.Final);
        Assert.Equal(summary.Front.Final.Order(), summary.Candidates.Where(c => c.OnFront && c.Stage != CandidateStages.Stage1).Select(c => c.Name).Order());
        var (compressed, dual) = final.Stage == CandidateStages.Stage2
            ? (summary.Candidates.Single(c => c.Name == final.Parent), final)
            : (final, summary.Candidates.Single(c => c.Parent == final.Name));
        Assert.Equal(compressed.Mae("test1"), summary.Ablation[0].Compressed);
        Assert.Equal(dual.Mae("test1"), summary.Ablation[0].DualStage);
        Assert.Equal(summary.Teacher.Metrics.Single(m => m.Split == "test1").Mae, summary.Ablation[0].Teacher);
        Assert.Equal(summary.Baselines.Single(m => m.Predictor == summary.BestClassical.Name && m.Split == "test1").Mae, summary.Ablation[0].BestClassical);
        Assert.Equal(summary.Candidates.Where(c => c.Stage == CandidateStages.Stage1).MinBy(c => c.ValidationMae)!.Mae("test1"), summary.Ablation[0].BestStage1);
    }

    [Fact]
    public void PrunedCandidatesAreSmallerAndStage2KeepsTheirShape()
    {
        using var temp = new TempFolder();
        var summary = new PipelineRunner(TinyRun.Config(temp), TinyRun.Fleet, new RunFolder(temp.File("run"))).Run();
        foreach (var c in summary.Candidates.Where(c => c.Stage == CandidateStages.Compressed))
        {
            var parent = summary.Candidates.Single(p => p.Name == c.Parent);
            Assert.Equal(CandidateStages.Stage1, parent.Stage);
            Assert.True(c.Parameters < parent.Parameters, $"{c.Name} has {c.Parameters} parameters, its parent {parent.Parameters}");
            Assert.True(c.Int8Bytes < parent.Int8Bytes);
        }
        foreach (var c in summary.Candidates.Where(c => c.Stage == CandidateStages.Stage2))
        {
            var parent = summary.Candidates.Single(p => p.Name == c.Parent);
            Assert.Equal(CandidateStages.Compressed, parent.Stage);
            Assert.Equal((parent.Parameters, parent.Int8Bytes, parent.Macs, parent.PruneRatio), (c.Parameters, c.Int8Bytes, c.Macs, c.PruneRatio));
            Assert.True(parent.WithinBudget);
        }
    }

    [Fact]
    public void GradualPruningCutsTheStage1StudentInStepsAndDistilsAfterEachCut()
    {
        using var temp = new TempFolder();
        var tiny = TinyRun.Config(temp);
        // A budget that leaves the larger student's lighter cut (about 11.7 kB) over it, its heavier one within.
        var config = tiny with { Stage2 = tiny.Stage2 with { PruningSteps = 2 }, Budget = tiny.Budget with { FlashBytes = 11_700 } };
        var counting = CountingTrainer.For(config, TinyRun.Fleet);
        var folder = new RunFolder(temp.File("run"));
        var summary = new PipelineRunner(config, TinyRun.Fleet, folder, counting).Run();
        var stage2 = summary.Candidates.Where(c => c.Stage == CandidateStages.Stage2).ToArray();
        Assert.NotEmpty(stage2);
        var admitted = GradualPruning.Admitted([.. summary.Candidates.Where(c => c.Stage == CandidateStages.Compressed)], 2);
        Assert.Equal(admitted.Select(c => c.Name).Order(), stage2.Select(c => c.Parent!).Order());
        Assert.Contains(admitted, c => !c.WithinBudget); // cuts in steps are tried at a ratio over the budget too
        foreach (var candidate in stage2)
        {
            var compressed = summary.Candidates.Single(c => c.Name == candidate.Parent);
            var stage1 = ModelFile.Load(folder.CandidatePath(compressed.Parent!));
            var stage1Options = ModelFile.ReadDescription(folder.CandidatePath(compressed.Parent!)).Options;
            var steps = counting.Requests.Where(r => r.Settings.Name == candidate.Name).ToArray();
            Assert.Equal(2, steps.Length);
            // The first cut takes half the ratio of the stage-1 student, and trains half the epochs without early stopping...
            var (firstCut, _) = NetworkPruning.Prune(stage1.Network, stage1Options, compressed.PruneRatio / 2, config.Pruning);
            Assert.Equal(firstCut.Parameters.Values.ToArray(), steps[0].Initial!.Network.Parameters.Values.ToArray());
            Assert.Equal((1, 0), (steps[0].Settings.Training.Epochs, steps[0].Settings.Training.Patience));
            // ...the second cuts the distilled first step further and trains as stage 2 does.
            Assert.True(steps[1].Initial!.Network.Parameters.Count < steps[0].Initial!.Network.Parameters.Count);
            Assert.Equal(config.Stage2.Training.Epochs, steps[1].Settings.Training.Epochs);
            Assert.Equal(candidate.Parameters, steps[1].Initial!.Network.Parameters.Count);
            Assert.Equal(candidate.PruneRatio, compressed.PruneRatio);
        }
        int stage1Count = summary.Candidates.Count(c => c.Stage == CandidateStages.Stage1);
        Assert.Equal(1 + stage1Count + 2 * stage2.Length, counting.Count);
    }

    [Fact]
    public void EachStageTrainsWithItsOwnLossAndTheModelFileRecordsIt()
    {
        using var temp = new TempFolder();
        var tiny = TinyRun.Config(temp);
        var config = tiny with { Stage2 = tiny.Stage2 with { Training = tiny.Stage2.Training with { Loss = "mae" } } };
        var counting = CountingTrainer.For(config, TinyRun.Fleet);
        var folder = new RunFolder(temp.File("run"));
        var summary = new PipelineRunner(config, TinyRun.Fleet, folder, counting).Run();
        var stage2 = summary.Candidates.Where(c => c.Stage == CandidateStages.Stage2).Select(c => c.Name).ToHashSet();
        Assert.NotEmpty(stage2);
        foreach (var request in counting.Requests)
            Assert.Equal(stage2.Contains(request.Settings.Name!) ? "mae" : "mse", request.Settings.Training.Loss);
        foreach (var c in summary.Candidates.Where(c => c.Stage != CandidateStages.Compressed))
            Assert.Equal(c.Stage == CandidateStages.Stage2 ? "mae" : "mse", ModelFile.ReadDescription(folder.CandidatePath(c.Name)).Training!.Settings.Loss);
    }

    [Fact]
    public void ARerunTrainsNothingAndAMissingCandidateIsTrainedAlone()
    {
        using var temp = new TempFolder();
        var config = TinyRun.Config(temp);
        var folder = new RunFolder(temp.File("run"));
        var first = CountingTrainer.For(config, TinyRun.Fleet);
        var summary = new PipelineRunner(config, TinyRun.Fleet, folder, first).Run();
        int stage1 = summary.Candidates.Count(c => c.Stage == CandidateStages.Stage1);
        int stage2 = summary.Candidates.Count(c => c.Stage == CandidateStages.Stage2);
        Assert.Equal(1 + stage1 + stage2, first.Count);

        var second = CountingTrainer.For(config, TinyRun.Fleet);
        var again = new PipelineRunner(config, TinyRun.Fleet, folder, second).Run();
        Assert.Equal(0, second.Count);
        Assert.Equal(Comparable(summary), Comparable(again));

        string lost = summary.Candidates.First(c => c.Stage == CandidateStages.Stage2).Name;
        Directory.Delete(folder.CandidatePath(lost), recursive: true);
        var third = CountingTrainer.For(config, TinyRun.Fleet);
        var resumed = new PipelineRunner(config, TinyRun.Fleet, folder, third).Run();
        Assert.Equal([lost], third.Names);
        Assert.Equal(Comparable(summary), Comparable(resumed));
    }

    [Fact]
    public void RestartsTrainEachStudentFromSeveralSeedsAndKeepTheBest()
    {
        using var temp = new TempFolder();
        var tiny = TinyRun.Config(temp);
        var config = tiny with { Stage1 = tiny.Stage1 with { Grid = [tiny.Stage1.Grid[0] with { Restarts = 3 }] } };
        var counting = CountingTrainer.For(config, TinyRun.Fleet);
        var folder = new RunFolder(temp.File("run"));
        var summary = new PipelineRunner(config, TinyRun.Fleet, folder, counting).Run();
        var stage1 = summary.Candidates.Where(c => c.Stage == CandidateStages.Stage1).ToArray();
        Assert.Equal(2, stage1.Length);
        foreach (var candidate in stage1)
        {
            var trainings = counting.Results.Where(r => r.Name == candidate.Name).ToArray();
            Assert.Equal([.. Enumerable.Range(0, 3).Select(k => Restarts.Seed(config.Seed, k))], trainings.Select(t => t.Seed).Order());
            var kept = ModelFile.ReadDescription(folder.CandidatePath(candidate.Name)).Training!;
            var best = trainings.MinBy(t => t.Mae);
            Assert.Equal((best.Seed, best.Mae), (kept.Settings.Seed, kept.BestValidationMae));
        }
        // Stage 2 starts from the kept students and trains once.
        int stage2 = summary.Candidates.Count(c => c.Stage == CandidateStages.Stage2);
        Assert.Equal(1 + 3 * stage1.Length + stage2, counting.Count);
    }

    [Fact]
    public void AResumedCandidateIsCostedByTheCurrentCostModelNotByItsRecord()
    {
        using var temp = new TempFolder();
        var config = TinyRun.Config(temp);
        var folder = new RunFolder(temp.File("run"));
        var summary = new PipelineRunner(config, TinyRun.Fleet, folder, CountingTrainer.For(config, TinyRun.Fleet)).Run();

        // Records written under another cost model: every candidate's cost and budget verdict as if far over budget.
        foreach (var c in summary.Candidates)
            folder.UpdateCandidate(folder.ReadCandidate(c.Name) with { FlashBytes = 1 << 30, LatencyMsLow = 1e6, LatencyMsHigh = 1e6, Macs = 1, WithinBudget = false });
        var second = CountingTrainer.For(config, TinyRun.Fleet);
        var again = new PipelineRunner(config, TinyRun.Fleet, folder, second).Run();
        Assert.Equal(0, second.Count);
        Assert.Equal(Comparable(summary), Comparable(again));
    }

    [Fact]
    public void AFolderOfAnotherRunIsRefusedUnlessForced()
    {
        using var temp = new TempFolder();
        var config = TinyRun.Config(temp);
        var folder = new RunFolder(temp.File("run"));
        new PipelineRunner(config, TinyRun.Fleet, folder).Run();

        var other = config with { Seed = config.Seed + 1 };
        var e = Assert.Throws<RunFolderException>(() => new PipelineRunner(other, TinyRun.Fleet, folder).Run());
        Assert.Contains("seed: 1 before, 2 now", e.Message);
        Assert.Contains("--force", e.Message);

        var counting = CountingTrainer.For(other, TinyRun.Fleet);
        var forced = new PipelineRunner(other, TinyRun.Fleet, folder, counting).Run(force: true);
        Assert.Equal(1 + forced.Candidates.Count(c => c.Stage != CandidateStages.Compressed), counting.Count);
        Assert.Equal(2, RunConfigFile.Read(folder.ConfigPath).Seed);
    }

    [Fact]
    public void OtherDataInTheSameFolderIsRefused()
    {
        using var temp = new TempFolder();
        var config = TinyRun.Config(temp) with { Stage1 = TinyRun.Config(temp).Stage1 with { Grid = [new StudentGridEntry { Hidden = [2], Rank = [2], EncoderWidth = [8], DecoderWidths = [[8]] }] } };
        var folder = new RunFolder(temp.File("run"));
        new PipelineRunner(config, TinyRun.Fleet, folder).Run();
        var otherFleet = Dlnet.Fleet.SyntheticFleet.Generate(new Dlnet.Fleet.SyntheticFleetOptions { CellCount = 12, Seed = 4 });
        var e = Assert.Throws<RunFolderException>(() => new PipelineRunner(config, otherFleet, folder).Run());
        Assert.Contains("data fingerprint", e.Message);
    }

    [Fact]
    public void RecurrentStudentsGoOnWholeAndSkipStage2()
    {
        using var temp = new TempFolder();
        var tiny = TinyRun.Config(temp);
        var config = tiny with
        {
            Stage1 = tiny.Stage1 with { Grid = [new StudentGridEntry { Architecture = "cfc", Hidden = [4] }] },
            Budget = tiny.Budget with { LatencyMs = 100, FlashBytes = 64 * 1024 },
        };
        var counting = CountingTrainer.For(config, TinyRun.Fleet);
        var summary = new PipelineRunner(config, TinyRun.Fleet, new RunFolder(temp.File("run")), counting).Run();
        Assert.Equal(["s1-cfc-h4", "cp-cfc-h4-p0"], summary.Candidates.Select(c => c.Name));
        Assert.Equal(["teacher", "s1-cfc-h4"], counting.Names);
        var copy = summary.Candidates[1];
        Assert.Equal(summary.Candidates[0].Metrics.Select(m => m.Mae), copy.Metrics.Select(m => m.Mae));
        Assert.Equal("cp-cfc-h4-p0", summary.Final?.Name);
        Assert.Null(summary.Ablation[0].DualStage);
    }

    /// <summary>The summary without its wall time, for comparing runs.</summary>
    internal static string Comparable(RunSummary summary) => (summary with { ElapsedSeconds = 0 }).ToJson();

    private static void AssertFields(JsonElement element, params string[] fields) =>
        Assert.Equal(fields.Order(), element.EnumerateObject().Select(p => p.Name).Order());
}
