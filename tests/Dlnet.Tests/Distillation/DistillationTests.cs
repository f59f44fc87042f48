using Dlnet.Architectures;
using Dlnet.Compression;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Nn.Networks;
using Dlnet.Optimization;
using Dlnet.Splits;
using Dlnet.Training;

using Distiller = Dlnet.Training.Distillation;

namespace Dlnet.Tests.Distillation;

public class DistillationTests(DistillationFixture fixture) : IClassFixture<DistillationFixture>
{
    [Fact]
    public void TeacherTargetsAreTheTeachersForecastsAndLatentsOfEachWindowOnce()
    {
        var train = WindowArrays.From(fixture.Splits.Train);
        var validation = WindowArrays.From(fixture.Splits.Validation);
        var targets = fixture.Targets;
        var teacher = fixture.Teacher.Forecaster;
        Assert.Equal(train.Count, targets.TrainCount);
        Assert.Equal(validation.Count, targets.ValidationCount);

        var forecasts = new double[train.AllTargets().Length];
        teacher.Forecast(train.AllHistories(), forecasts, train.Count);
        Assert.Equal(forecasts, targets.TrainForecasts);
        var validationForecasts = new double[validation.AllTargets().Length];
        teacher.Forecast(validation.AllHistories(), validationForecasts, validation.Count);
        Assert.Equal(validationForecasts, targets.ValidationForecasts);
        Assert.Equal(fixture.Teacher.Result.BestValidationMae, targets.TeacherValidationMae, 12);

        // Latents: those of a pass over the first windows.
        var liquid = (LiquidEncoderDecoder<float>)teacher.Network;
        Assert.Equal(12, targets.LatentSize);
        var inputs = new float[5 * train.InputLength];
        teacher.Encoding.EncodeInputs(train.AllHistories(), inputs, 5);
        var ws = liquid.CreateWorkspace(5);
        liquid.Forward(ws, inputs, new float[5 * train.Horizon], 5, training: false);
        Assert.Equal(liquid.LatentState(ws, 5).ToArray(), targets.TrainLatents!.AsSpan(0, 5 * 12).ToArray());
    }

    [Fact]
    public void TheTeacherRunsOncePerWindowAndNeverDuringDistillation()
    {
        var counting = new CountingNetwork(fixture.Teacher.Forecaster.Network);
        var teacher = new NetworkForecaster("counted", counting, fixture.Teacher.Forecaster.Encoding);
        var targets = TeacherTargets.Compute(teacher, fixture.Splits, threads: 3);
        Assert.Equal(fixture.Splits.Train.Count + fixture.Splits.Validation.Count, counting.Windows);
        // Through the wrapper the teacher is no liquid network, so there are no latents; the forecasts are the same.
        Assert.Null(targets.TrainLatents);
        Assert.Equal(fixture.Targets.TrainForecasts, targets.TrainForecasts);

        Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, DistillationFixture.StudentSettings(epochs: 2), targets, new DistillationOptions());
        Assert.Equal(fixture.Splits.Train.Count + fixture.Splits.Validation.Count, counting.Windows);
    }

    [Fact]
    public void TargetsOfOtherWindowsAreRefused()
    {
        var other = CellsProtocol.Split(fixture.Fleet, new CellsProtocolOptions { TrainStride = 7, EvalStride = 20, Seed = DistillationFixture.SplitSeed });
        var e = Assert.Throws<ArgumentException>(() => Distiller.Run(fixture.Fleet, other, DistillationFixture.SplitSeed,
            DistillationFixture.StudentSettings(), fixture.Targets, new DistillationOptions()));
        Assert.Contains("other windows", e.Message);
    }

    [Fact]
    public void SameSeedGivesIdenticalWeightsAndAnotherSeedOthers()
    {
        var options = new DistillationOptions { HiddenWeight = 0.5, Divergence = "cosine", QuantizationAware = true };
        TrainedForecaster Run(int seed) => Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed,
            DistillationFixture.StudentSettings(epochs: 2, seed), fixture.Targets, options);
        var a = Run(1);
        var b = Run(1);
        var c = Run(2);
        Assert.Equal(a.Forecaster.Network.Parameters.Array, b.Forecaster.Network.Parameters.Array);
        Assert.Equal(a.Result.History.Select(r => r.TrainLoss), b.Result.History.Select(r => r.TrainLoss));
        Assert.NotEqual(a.Forecaster.Network.Parameters.Array, c.Forecaster.Network.Parameters.Array);
    }

    [Fact]
    public void WithTheTaskWeightAtOneDistillationIsPlainTraining()
    {
        var settings = DistillationFixture.StudentSettings(epochs: 2);
        var plain = ForecasterTraining.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, settings);
        var distilled = Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, settings, fixture.Targets,
            new DistillationOptions { Schedule = "constant", LambdaEnd = 1 });
        Assert.Equal(plain.Forecaster.Network.Parameters.Array, distilled.Forecaster.Network.Parameters.Array);
        // ... and with weight on the teacher it is not.
        var taught = Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, settings, fixture.Targets,
            new DistillationOptions { Schedule = "constant", LambdaEnd = 0.5 });
        Assert.NotEqual(plain.Forecaster.Network.Parameters.Array, taught.Forecaster.Network.Parameters.Array);
    }

    [Fact]
    public void OnlyTheTargetTermPullsTowardsTheTargetsAndOnlyTheTeacherTermTowardsTheTeacher()
    {
        // lambda 0: the student learns the teacher's forecasts, not the targets; it ends closer to the teacher than a
        // student trained on the targets alone.
        var settings = DistillationFixture.StudentSettings(epochs: 3);
        var plain = ForecasterTraining.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, settings);
        var mimic = Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, settings, fixture.Targets,
            new DistillationOptions { Schedule = "constant", LambdaEnd = 0 });
        double ToTeacher(TrainedForecaster s)
        {
            var train = WindowArrays.From(fixture.Splits.Train);
            var f = new double[train.AllTargets().Length];
            s.Forecaster.Forecast(train.AllHistories(), f, train.Count);
            return f.Zip(fixture.Targets.TrainForecasts, (x, y) => Math.Abs(x - y)).Average();
        }
        Assert.True(ToTeacher(mimic) < ToTeacher(plain), $"distance to the teacher: mimic {ToTeacher(mimic):E3}, plain {ToTeacher(plain):E3}");
    }

    [Fact]
    public void TheProjectionTrainsWithTheStudentAndBringsTheLatentsTogether()
    {
        var train = WindowArrays.From(fixture.Splits.Train);
        var validation = WindowArrays.From(fixture.Splits.Validation);
        var settings = DistillationFixture.StudentSettings(epochs: 3);
        var encoding = WindowEncoding.Fit(OutputForm.Residual, train);
        var student = (EulerStudent<float>)ArchitectureRegistry.Named("student").Create<float>(settings.Options, train.InputLength, train.Horizon);
        student.Initialize(1);
        var teacherOutputs = new float[train.AllTargets().Length];
        encoding.EncodeTargets(train.AllHistories(), fixture.Targets.TrainForecasts, teacherOutputs, train.Count);
        var objective = new DistillationObjective(new DistillationOptions { HiddenWeight = 1 }, 3, new MseLoss(), train.Horizon, teacherOutputs,
            student, fixture.Targets.TrainLatents, fixture.Targets.LatentSize, projectionSeed: 5);
        var projection = objective.Projection!;
        var initial = projection.Parameters.Values.ToArray();
        double HiddenLoss()
        {
            var ws = student.CreateWorkspace(train.Count);
            var inputs = new float[train.AllHistories().Length];
            encoding.EncodeInputs(train.AllHistories(), inputs, train.Count);
            student.Forward(ws, inputs, new float[train.AllTargets().Length], train.Count, training: false);
            return projection.Accumulate(student.LatentState(ws, train.Count), fixture.Targets.TrainLatents, train.Count,
                new float[train.Count * projection.TeacherSize], new float[train.Count * student.Hidden], projection.Parameters.CreateBuffer(), 1f)
                / ((double)train.Count * projection.TeacherSize);
        }
        double before = HiddenLoss();
        new Trainer(student, encoding, settings.Training, objective).Train(train, validation);
        Assert.NotEqual(initial, projection.Parameters.Values.ToArray());
        double after = HiddenLoss();
        Assert.True(after < 0.5 * before, $"latent mismatch {before:E3} -> {after:E3}");
    }

    [Fact]
    public void TheHiddenTermNeedsLiquidStudentsAndLiquidTeachers()
    {
        var mlp = new ForecasterTrainingSettings("mlp", new NetworkOptions { Hidden = 8, Layers = 1 }, OutputForm.Residual, DistillationFixture.Training(1));
        var e = Assert.Throws<ArgumentException>(() => Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, mlp,
            fixture.Targets, new DistillationOptions { HiddenWeight = 1 }));
        Assert.Contains("HiddenWeight", e.Message);
        var qat = Assert.Throws<ArgumentException>(() => Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, mlp,
            fixture.Targets, new DistillationOptions { QuantizationAware = true }));
        Assert.Contains("quantisation-aware", qat.Message);

        var counting = new CountingNetwork(fixture.Teacher.Forecaster.Network);
        var opaque = TeacherTargets.Compute(new NetworkForecaster("opaque", counting, fixture.Teacher.Forecaster.Encoding), fixture.Splits);
        var noLatents = Assert.Throws<ArgumentException>(() => Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed,
            DistillationFixture.StudentSettings(1), opaque, new DistillationOptions { HiddenWeight = 1 }));
        Assert.Contains("latent", noLatents.Message);
    }

    [Fact]
    public void TwoStagesDistilAStudentThenItsPrunedCopyThroughFakeQuantisation()
    {
        using var folder = new TempFolder();
        // Stage 1: a fresh student with the hidden term.
        var stage1 = Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, DistillationFixture.StudentSettings(epochs: 3),
            fixture.Targets, new DistillationOptions { HiddenWeight = 0.1 });
        Assert.True(double.IsFinite(stage1.Result.BestValidationMae));
        var d1 = stage1.Description.Distillation!;
        Assert.Equal("tiny-teacher", d1.Teacher);
        Assert.Equal(0.1, d1.Settings.HiddenWeight);
        Assert.False(d1.FromInitial);

        // Stage 2: prune half the units and fine-tune with quantisation-aware distillation.
        var (pruned, _) = StructuredPruner.Prune(stage1.Forecaster.Network, new PruningOptions(0.5));
        var before = pruned.Parameters.Values.ToArray();
        var stage2 = Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, DistillationFixture.StudentSettings(epochs: 2),
            fixture.Targets, new DistillationOptions { QuantizationAware = true }, initial: pruned);
        Assert.Equal(before, pruned.Parameters.Values.ToArray()); // the given network is copied, not trained
        Assert.NotSame(pruned, stage2.Forecaster.Network);
        Assert.Equal(pruned.Parameters.Count, stage2.Description.ParameterCount);
        Assert.True(stage2.Description.ParameterCount < stage1.Description.ParameterCount);
        Assert.True(stage2.Description.Distillation!.FromInitial);
        Assert.True(stage2.Description.Distillation.Settings.QuantizationAware);
        Assert.True(double.IsFinite(stage2.Description.Metrics["test1"].Mae));
        // No fake quantisation is left on the network after training.
        var liquid = (LiquidEncoderDecoder<float>)stage2.Forecaster.Network;
        Assert.Null(liquid.Encoder.Transform);

        // The model file describes the pruned sizes, so it loads and forecasts the same.
        ModelFile.Save(folder.Path, stage2.Description, stage2.Forecaster.Network.Parameters);
        var loaded = ModelFile.Load(folder.Path);
        Assert.Equal(stage2.Description.Distillation, ModelFile.ReadDescription(folder.Path).Distillation);
        var test = WindowArrays.From(fixture.Splits["test1"]);
        var a = new double[test.AllTargets().Length];
        var b = new double[test.AllTargets().Length];
        stage2.Forecaster.Forecast(test.AllHistories(), a, test.Count);
        loaded.Forecast(test.AllHistories(), b, test.Count);
        Assert.Equal(a, b);
    }

    [Fact]
    public void ModelFilesWithoutDistillationStillLoad()
    {
        using var folder = new TempFolder();
        ModelFile.Save(folder.Path, fixture.Teacher.Description, fixture.Teacher.Forecaster.Network.Parameters);
        string json = File.ReadAllText(Path.Combine(folder.Path, ModelFile.DescriptionFileName));
        Assert.DoesNotContain("distillation", json);
        Assert.Null(ModelFile.ReadDescription(folder.Path).Distillation);
    }
}
