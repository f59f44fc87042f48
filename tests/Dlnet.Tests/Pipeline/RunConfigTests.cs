using Dlnet.Architectures;
using Dlnet.IO;
using Dlnet.Pipeline;
using Dlnet.Splits;

namespace Dlnet.Tests.Pipeline;

public sealed class RunConfigTests
{
    [Theory]
    [InlineData("quick")]
    [InlineData("paper")]
    public void PresetsAreValidAndRoundTripThroughJson(string name)
    {
        var preset = RunPresets.Get(name, threads: 2);
        Assert.Empty(RunConfigValidation.Problems(preset));
        Assert.Equal(name, preset.Preset);
        using var temp = new TempFolder();
        RunConfigFile.Write(temp.File("config.json"), preset);
        Assert.Null(RunConfigFile.FirstDifference(preset, RunConfigFile.Read(temp.File("config.json"))));
    }

    [Fact]
    public void ThePaperPresetIsThePublishedGrid()
    {
        var paper = RunPresets.Get(RunPresets.Paper, 2);
        Assert.Equal([128, 64, 32, 16, 8, 4, 2], paper.Stage1.Grid.SelectMany(g => g.Hidden).Distinct());
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], paper.Pruning.Ratios);
        Assert.True(paper.Stage2.Distillation.QuantizationAware);
        // Stage 2 fits the error it is judged by; the teacher and stage 1 keep the published squared error.
        Assert.Equal(("mse", "mse", "mae"), (paper.Teacher.Training.Loss, paper.Stage1.Training.Loss, paper.Stage2.Training.Loss));
        // The published student shape (encoder 256, decoder 256, 128) is among the widths.
        Assert.Contains(paper.Stage1.Grid, g => g.EncoderWidth is { } e && e.Contains(256) && g.DecoderWidths is { } d && d.Any(w => w.SequenceEqual([256, 128])));
    }

    [Fact]
    public void AConfigFileMergesObjectsAndReplacesLists()
    {
        using var temp = new TempFolder();
        string path = temp.Write("c.json", """
            // comments are allowed
            {
              "preset": "paper",
              "stage1": { "training": { "epochs": 3 } },
              "pruning": { "ratios": [0.5] },
              "budget": { "flash_bytes": 32768 },
            }
            """);
        var config = RunConfigResolver.Resolve(null, path, new RunOverrides(Seed: 7), defaultThreads: 3);
        var paper = RunPresets.Get(RunPresets.Paper, 3);
        Assert.Null(config.Preset);
        Assert.Equal(3, config.Stage1.Training.Epochs);
        Assert.Equal(paper.Stage1.Training.Patience, config.Stage1.Training.Patience);
        Assert.Equal(paper.Stage1.Grid.Count, config.Stage1.Grid.Count);
        Assert.Equal([0.5], config.Pruning.Ratios);
        Assert.Equal(32768, config.Budget.FlashBytes);
        Assert.Equal(4096, config.Budget.RamBytes);
        Assert.Equal(7, config.Seed);
        Assert.Equal(3, config.Threads);
    }

    [Fact]
    public void CommandLineOptionsOverrideAndDataPathsBecomeAbsolute()
    {
        using var temp = new TempFolder();
        string path = temp.Write("sub/c.json", """{ "data": { "source": "cells.csv" }, "threads": 1 }""");
        var fromFile = RunConfigResolver.Resolve(null, path, new RunOverrides(), 4);
        Assert.Equal(Path.Combine(temp.Path, "sub", "cells.csv"), fromFile.Data.Source);
        Assert.Equal(1, fromFile.Threads);
        var overridden = RunConfigResolver.Resolve("quick", path, new RunOverrides(Data: "builtin", Threads: 2), 4);
        Assert.Equal(DataConfig.BuiltIn, overridden.Data.Source);
        Assert.Equal(2, overridden.Threads);
        Assert.Equal("quick", RunConfigResolver.Resolve(null, null, new RunOverrides(), 4).Preset);
    }

    [Fact]
    public void SwitchingToThePaperProtocolTakesItsPublishedStrideUnlessTheFileSetsOne()
    {
        using var temp = new TempFolder();
        Assert.Equal(2, RunPresets.Get(RunPresets.Paper, 2).Protocol.TrainStride);
        string paper = temp.Write("paper.json", """{ "preset": "paper", "protocol": { "name": "paper" } }""");
        var published = RunConfigResolver.Resolve(null, paper, new RunOverrides(), 2);
        Assert.Equal(("paper", null), (published.Protocol.Name, published.Protocol.TrainStride));
        Assert.Null(published.Protocol.AgeingRates); // the paper protocol resamples nothing
        var expected = Protocols.Split(PaperProtocol.Name, TinyRun.Fleet, published.Protocol.SplitSeed);
        var split = PipelineRunner.Split(published, TinyRun.Fleet).Windows;
        Assert.Equal((expected.Train.Count, expected["test"].Count), (split.Train.Count, split["test"].Count));

        string chosen = temp.Write("chosen.json", """{ "preset": "paper", "protocol": { "name": "paper", "train_stride": 20 } }""");
        Assert.Equal(20, RunConfigResolver.Resolve(null, chosen, new RunOverrides(), 2).Protocol.TrainStride);

        string cells = temp.Write("cells.json", """{ "preset": "paper", "protocol": { "split_seed": 7 } }""");
        var stillCells = RunConfigResolver.Resolve(null, cells, new RunOverrides(), 2);
        Assert.Equal(2, stillCells.Protocol.TrainStride);
        Assert.Equal([0.8, 1.25], stillCells.Protocol.AgeingRates);
    }

    [Fact]
    public void UnknownSettingsAndWrongTypesAreErrorsWithTheirLine()
    {
        using var temp = new TempFolder();
        string unknown = temp.Write("u.json", "{\n  \"stage2\": {\n    \"distillation\": { \"lamda_end\": 0.5 }\n  }\n}");
        var e = Assert.Throws<DataFormatException>(() => RunConfigResolver.Resolve(null, unknown, new RunOverrides(), 2));
        Assert.Equal($"{unknown}:3: at stage2.distillation.lamda_end: unknown setting (see docs/pipeline.md for the settings)", e.Message);

        string wrong = temp.Write("w.json", "{ \"seed\": \"one\" }");
        e = Assert.Throws<DataFormatException>(() => RunConfigResolver.Resolve(null, wrong, new RunOverrides(), 2));
        Assert.Contains("at seed: value of the wrong type", e.Message);

        string preset = temp.Write("p.json", "{ \"preset\": \"huge\" }");
        e = Assert.Throws<DataFormatException>(() => RunConfigResolver.Resolve(null, preset, new RunOverrides(), 2));
        Assert.Contains("preset: 'huge' is not one of quick, paper", e.Message);

        string knee = temp.Write("k.json", "{ \"selection\": { \"knee_cost\": \"area\" } }");
        e = Assert.Throws<DataFormatException>(() => RunConfigResolver.Resolve(null, knee, new RunOverrides(), 2));
        Assert.Contains("at selection.knee_cost: not one of flash, macs, latency", e.Message);

        string form = temp.Write("f.json", "{ \"output_form\": \"ratio\" }");
        e = Assert.Throws<DataFormatException>(() => RunConfigResolver.Resolve(null, form, new RunOverrides(), 2));
        Assert.Contains("at output_form: not one of minmax, delta, residual", e.Message);
    }

    [Fact]
    public void ValidationNamesEveryProblem()
    {
        var quick = RunPresets.Get(RunPresets.Quick, 2);
        var bad = quick with
        {
            Protocol = quick.Protocol with { Name = "cycles" },
            Stage1 = quick.Stage1 with
            {
                Grid = [.. quick.Stage1.Grid, new StudentGridEntry { Architecture = "cfc", Hidden = [8], Rank = [2] }, quick.Stage1.Grid[0]],
                Distillation = quick.Stage1.Distillation with { Divergence = "kl" },
            },
            Selection = new SelectionConfig(0),
            Pruning = quick.Pruning with { Ratios = [0.5, 0.5] },
            Stage2 = quick.Stage2 with { Training = new TrainingConfig { Epochs = 0 }, Distillation = new DistillationConfig(HiddenWeight: 0.1), PruningSteps = 11 },
            Teacher = quick.Teacher with { Architecture = "gru" },
        };
        var problems = RunConfigValidation.Problems(bad);
        Assert.Contains("protocol.name: 'cycles' is not one of cells, paper", problems);
        Assert.Contains(problems, p => p.StartsWith("stage1.grid[2] (s1-cfc-h8-r2): cfc has no rank setting", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("stage1.grid[3]: makes s1-student-h16-r4-e32-d32x32 again", StringComparison.Ordinal));
        Assert.Contains("stage1.distillation.divergence: 'kl' is not mse or cosine", problems);
        Assert.Contains("selection.max_survivors: must be positive", problems);
        Assert.Contains("pruning.ratios: a ratio is listed twice", problems);
        Assert.Contains(problems, p => p.StartsWith("stage2.training: epochs must be between 1 and 100000", StringComparison.Ordinal));
        Assert.Contains("stage2.distillation.hidden_weight: the latent term needs a teacher with a latent state, which gru has not", problems);
        Assert.Contains("stage2.pruning_steps: 11 is not between 1 and 10", problems);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void RestartsAreBetweenOneAndTen(int restarts)
    {
        var quick = RunPresets.Get(RunPresets.Quick, 2);
        var config = quick with { Stage1 = quick.Stage1 with { Grid = [quick.Stage1.Grid[0] with { Restarts = restarts }] } };
        Assert.Equal(["stage1.grid[0].restarts: must be between 1 and 10"], RunConfigValidation.Problems(config));
        Assert.Empty(RunConfigValidation.Problems(quick with { Stage1 = quick.Stage1 with { Grid = [quick.Stage1.Grid[0] with { Restarts = 10 }] } }));
    }

    [Theory]
    [InlineData("cells", new[] { 0.8, 0.8 }, "protocol.ageing_rates: each rate once, and not 1 (the measured cells are always used)")]
    [InlineData("cells", new[] { 1.0 }, "protocol.ageing_rates: each rate once, and not 1 (the measured cells are always used)")]
    [InlineData("cells", new[] { 0.1 }, "protocol.ageing_rates: each rate must be between 0.25 and 4")]
    [InlineData("paper", new[] { 0.8 }, "protocol.ageing_rates: only the cells protocol resamples its training cells")]
    public void AgeingRatesAreCheckedWithTheProtocol(string protocol, double[] rates, string problem)
    {
        var quick = RunPresets.Get(RunPresets.Quick, 2);
        var config = quick with { Protocol = quick.Protocol with { Name = protocol, AgeingRates = rates } };
        Assert.Contains(problem, RunConfigValidation.Problems(config));
        Assert.Empty(RunConfigValidation.Problems(quick with { Protocol = quick.Protocol with { AgeingRates = [0.8, 1.25] } }));
    }

    [Fact]
    public void GridEntriesExpandInOrderWithoutDuplicateRanks()
    {
        var entry = new StudentGridEntry { Hidden = [8, 2], Rank = [2, 4], EncoderWidth = [32], DecoderWidths = [[16, 8]] };
        var names = entry.Expand().Select(o => CandidateNames.Stage1("student", o)).ToArray();
        // Rank 4 of hidden 2 is rank 2 (the student clamps it): made once.
        Assert.Equal(["s1-student-h8-r2-e32-d16x8", "s1-student-h8-r4-e32-d16x8", "s1-student-h2-r2-e32-d16x8"], names);
        Assert.Equal("cp-student-h8-r2-e32-d16x8-p12.5", CandidateNames.Compressed(names[0], 0.125));
        Assert.Equal("s2-student-h8-r2-e32-d16x8-p30", CandidateNames.Stage2(names[0], 0.3));
        var gru = new StudentGridEntry { Architecture = "gru", Hidden = [16], Layers = [1] };
        Assert.Equal("s1-gru-h16-l1", CandidateNames.Stage1("gru", gru.Expand().Single()));
        Assert.Equal(new NetworkOptions { Hidden = 16, Layers = 1 }, gru.Expand().Single() with { DecoderWidths = null });
    }
}
