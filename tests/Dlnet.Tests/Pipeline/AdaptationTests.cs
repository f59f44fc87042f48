using Dlnet.Baselines;
using Dlnet.IO;
using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Pipeline;
using Dlnet.Scoring;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Pipeline;

/// <summary>What an adaptation keeps, what it may look at, and what it writes.</summary>
[Collection(AdaptationCollection.Name)]
public sealed class AdaptationTests(AdaptationFixture fixture)
{
    private AdaptationReport Adapt(SeriesSet fleet, string output, AdaptationSource? source = null) =>
        Adaptation.Run(source ?? AdaptationSource.FromRun(fixture.RunPath), fleet, fixture.Cells, drawn: false, AdaptationFixture.Quick, output);

    [Fact]
    public void TheAdaptedModelsKeepTheirScalesAndTakeTheFrontEndTheAdaptationWindowsChoose()
    {
        using var temp = new TempFolder();
        string output = temp.File("adapted");
        var source = AdaptationSource.FromRun(fixture.RunPath);
        var report = Adapt(fixture.NewFleet, output, source);
        Assert.True(report.Adaptation.ChooseFrontEnd);

        var student = ModelFile.ReadDescription(source.ModelFolder).Encoding;
        var adapted = ModelFile.ReadDescription(Path.Combine(output, Adaptation.ModelFolderName)).Encoding;
        var chosen = Forecasting.WindowEncoding.ChooseBase(Forecasting.OutputForm.Residual, WindowArrays.From(AdaptationWindows()));
        Assert.Equal(student with { MedianWidth = chosen.MedianWidth, BaseDegree = chosen.Degree, TailLength = chosen.TailLength }, adapted);
    }

    [Fact]
    public void WhenTheFrontEndDoesNotFitTheFinalModelTheMostAccurateFrontMemberThatFitsIsAdapted()
    {
        using var temp = new TempFolder();
        var source = AdaptationSource.FromRun(fixture.RunPath);
        Assert.Equal(RunConfigFile.Read(Path.Combine(fixture.RunPath, RunFolder.ConfigFileName)).Budget, source.Budget);
        // The final model first, then the rest of the run's final front within budget, the most accurate first.
        var summary = RunSummary.Read(Path.Combine(fixture.RunPath, RunFolder.SummaryFileName));
        var others = source.ModelFolders.Skip(1).Select(f => summary.Candidates.Single(c => Path.GetFullPath(Path.Combine(fixture.RunPath, c.Folder)) == f)).ToArray();
        Assert.Equal(summary.Final!.Name, ModelFile.ReadDescription(source.ModelFolder).Name);
        Assert.NotEmpty(others);
        Assert.All(others, c => Assert.True(c.WithinBudget && summary.Front.Final.Contains(c.Name)));
        Assert.Equal(others.Select(c => c.ValidationMae).Order(), others.Select(c => c.ValidationMae));

        var adaptation = WindowArrays.From(AdaptationWindows());
        var models = source.ModelFolders.Select(ModelFile.Load).ToArray();
        var wanted = models.Select(m => m.Encoding.WithFrontEndFor(adaptation)).ToArray();
        long FlashOf(int i, BudgetConfig budget) => DeploymentCost.Of(models[i].Network, budget, wanted[i]).FlashBytes;
        Assert.True(DeploymentCost.Of(models[0].Network, source.Budget, wanted[0]).WithinBudget);

        // One byte too little flash for the final model with the front end the new cells favour: the first model of the
        // list that fits with that front end is adapted instead, and keeps it.
        var tight = source.Budget with { FlashBytes = FlashOf(0, source.Budget) - 1 };
        int chosen = Enumerable.Range(0, models.Length).First(i => DeploymentCost.Of(models[i].Network, tight, wanted[i]).WithinBudget);
        Assert.True(chosen > 0);
        var report = Adapt(fixture.NewFleet, temp.File("tight"), source with { Budget = tight });
        var adapted = ModelFile.ReadDescription(Path.Combine(temp.File("tight"), Adaptation.ModelFolderName));
        Assert.Equal(ModelFile.ReadDescription(source.ModelFolders[chosen]).Name + "-adapted", adapted.Name);
        Assert.Equal(EncodingDescription.From(wanted[chosen]), adapted.Encoding);
        Assert.Equal(BudgetSummary.Of(tight), report.Budget);

        // Too little flash for any model with it: the final model, with the best front end that fits it.
        var tighter = source.Budget with { FlashBytes = Enumerable.Range(0, models.Length).Min(i => FlashOf(i, source.Budget)) - 1 };
        var fitting = models[0].Encoding.WithFrontEndFor(adaptation, e => DeploymentCost.Of(models[0].Network, tighter, e).WithinBudget);
        Adapt(fixture.NewFleet, temp.File("tighter"), source with { Budget = tighter });
        adapted = ModelFile.ReadDescription(Path.Combine(temp.File("tighter"), Adaptation.ModelFolderName));
        Assert.Equal(ModelFile.ReadDescription(source.ModelFolder).Name + "-adapted", adapted.Name);
        Assert.Equal(EncodingDescription.From(fitting), adapted.Encoding);
    }

    [Fact]
    public void WithKeepEncodingTheAdaptedModelsKeepTheirWholeEncoding()
    {
        using var temp = new TempFolder();
        string output = temp.File("adapted");
        var source = AdaptationSource.FromRun(fixture.RunPath);
        var report = Adaptation.Run(source, fixture.NewFleet, fixture.Cells, drawn: false, AdaptationFixture.Quick with { ChooseFrontEnd = false }, output);
        Assert.False(report.Adaptation.ChooseFrontEnd);

        var student = ModelFile.ReadDescription(source.ModelFolder);
        var teacher = ModelFile.ReadDescription(source.TeacherFolder!);
        var adapted = ModelFile.ReadDescription(Path.Combine(output, Adaptation.ModelFolderName));
        var adaptedTeacher = ModelFile.ReadDescription(Path.Combine(output, RunFolder.TeacherFolderName));
        Assert.Equal(student.Encoding, adapted.Encoding);
        Assert.Equal(teacher.Encoding, adaptedTeacher.Encoding);
        // What the new cells alone would give is another encoding: keeping it is a choice, not a coincidence.
        var splits = AdaptationProtocol.Split(fixture.NewFleet, new AdaptationProtocolOptions { Cells = fixture.Cells });
        var refitted = Forecasting.WindowEncoding.Fit(Forecasting.OutputForm.Residual, WindowArrays.From(splits.Train), WindowArrays.From(splits.Validation));
        Assert.NotEqual(EncodingDescription.From(refitted), adapted.Encoding);

        // The adapted model names its cells, and so its int8 calibration: the adaptation cells' training windows.
        Assert.Equal(fixture.Cells, adapted.Data!.Adaptation!.Cells);
        Assert.Equal(AdaptationProtocol.Name, adapted.Data.Protocol);
        Assert.Equal(splits.Train.Count, RunSplits.Of(adapted.SplitPlan(), fixture.NewFleet).Calibration.Count);
        Assert.Equal(adapted.Data.TrainWindows, splits.Train.Count);

        Assert.Equal(adapted.Name, report.Final.Name);
        Assert.True(adapted.Distillation!.FromInitial);
        Assert.True(adapted.Distillation.Settings.QuantizationAware);
        Assert.Null(report.Deployment);
        Assert.False(Directory.Exists(Path.Combine(output, Adaptation.FirmwareFolderName)));
    }

    [Fact]
    public void TheHeldOutCellsAreNeverFittedOrChosenOn()
    {
        // The same fleet with every held-out cell changed: lower, noisier, one cut short.
        var held = fixture.NewFleet.Where(s => !fixture.Cells.Contains(s.Id)).Select(s => s.Id).ToHashSet();
        var random = new Random(5);
        var changed = new SeriesSet(fixture.NewFleet.Source, fixture.NewFleet.Select(s => !held.Contains(s.Id) ? s
            : s with { Values = [.. s.Values.Take(Math.Max(250, s.Length - 50)).Select(v => v - 0.01 + 0.003 * (random.NextDouble() - 0.5))] }));

        using var temp = new TempFolder();
        var a = Adapt(fixture.NewFleet, temp.File("a"));
        var b = Adapt(changed, temp.File("b"));

        foreach (string model in new[] { Adaptation.ModelFolderName, RunFolder.TeacherFolderName })
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.File("a"), model, ModelFile.WeightsFileName)),
                File.ReadAllBytes(Path.Combine(temp.File("b"), model, ModelFile.WeightsFileName)));
        Assert.Equal(a.Classical.Best, b.Classical.Best);
        Assert.Equal(a.Classical.ValidationMae, b.Classical.ValidationMae);
        Assert.Equal(a.Final, b.Final);
        Assert.Equal(a.Teacher, b.Teacher);
        // ...while the held-out scores did change, so the change reached what is reported.
        Assert.NotEqual(a.Comparison.Single(c => c.Split == "test1").Int8After, b.Comparison.Single(c => c.Split == "test1").Int8After);
    }

    [Fact]
    public void TheReportComparesEveryHeldOutSplitWithTheClassicalChosenOnValidation()
    {
        using var temp = new TempFolder();
        var report = Adapt(fixture.NewFleet, temp.File("adapted"));
        Assert.Equal(AdaptationReport.Read(Path.Combine(temp.File("adapted"), AdaptationReport.FileName)).ToJson(), report.ToJson());

        string[] held = ["test1", "test2", AdaptationProtocol.OtherTrainSplit];
        Assert.Equal(held.Order(), report.Comparison.Select(c => c.Split).Order());
        Assert.Equal(report.Classical.ValidationMae.MinBy(p => p.Value!.Value).Key, report.Classical.Best);
        var model = ModelFile.ReadDescription(AdaptationSource.FromRun(fixture.RunPath).ModelFolder);
        // The same family as every other comparison, not a list of its own.
        Assert.Equal(BaselineFactory.CreateFamily(model.InputLength, model.Horizon).Select(f => f.Name), report.Classical.ValidationMae.Keys);
        Assert.Equal("validation", report.Classical.ChosenOn);
        foreach (var c in report.Comparison)
        {
            double? Row(string predictor) => report.Results.Single(r => r.Predictor == predictor && r.Split == c.Split).Mae;
            Assert.Equal(report.Classical.Best, c.BestClassical);
            Assert.Equal(Row(report.Classical.Best), c.BestClassicalMae);
            foreach (double? mae in new[] { c.TeacherBefore, c.TeacherAfter, c.FinalBefore, c.FinalAfter, c.Int8Before, c.Int8After })
                Assert.True(mae is > 0 and < 0.1, $"{c.Split}: {mae}");
            Assert.Equal(Row(AdaptationReport.Int8After), c.Int8After);
            Assert.Equal(Math.Round(c.Int8After!.Value / c.BestClassicalMae!.Value - 1, 4), c.Int8VersusClassical);
        }
        // The int8 model after adaptation is the one every other path computes: calibrated as its model.json says.
        var int8 = Int8Calibration.Forecaster(Path.Combine(temp.File("adapted"), Adaptation.ModelFolderName), fixture.NewFleet);
        var splits = AdaptationProtocol.Split(fixture.NewFleet, new AdaptationProtocolOptions { Cells = fixture.Cells });
        Assert.Equal(report.Comparison.Single(c => c.Split == "test1").Int8After, Evaluator.Evaluate(int8, splits["test1"]).Overall.Mae);
        Assert.Equal(fixture.Cells, report.Adaptation.Cells);
        Assert.Equal(splits.Train.Count, report.Adaptation.TrainWindows);
        Assert.Equal(splits.Validation.Count, report.Adaptation.ValidationWindows);
    }

    [Fact]
    public void AModelWithoutATeacherIsFineTunedOnTheTargets()
    {
        using var temp = new TempFolder();
        var run = AdaptationSource.FromRun(fixture.RunPath);
        var report = Adapt(fixture.NewFleet, temp.File("adapted"), AdaptationSource.FromModel(run.ModelFolder, teacherFolder: null));
        Assert.Null(report.Teacher);
        Assert.False(Directory.Exists(Path.Combine(temp.File("adapted"), RunFolder.TeacherFolderName)));
        Assert.All(report.Comparison, c => Assert.Null(c.TeacherAfter));
        var adapted = ModelFile.ReadDescription(Path.Combine(temp.File("adapted"), Adaptation.ModelFolderName));
        Assert.Null(adapted.Distillation);
        var own = ModelFile.ReadDescription(run.ModelFolder).Encoding;
        Assert.Equal((own.InputScale, own.OutputScale), (adapted.Encoding.InputScale, adapted.Encoding.OutputScale));
    }

    [Fact]
    public void AFailedAdaptationLeavesNoFolder()
    {
        using var temp = new TempFolder();
        string output = temp.File("adapted");
        var diverging = AdaptationFixture.Quick with { TeacherLearningRate = 1e30 };
        Assert.Throws<InvalidOperationException>(() =>
            Adaptation.Run(AdaptationSource.FromRun(fixture.RunPath), fixture.NewFleet, fixture.Cells, false, diverging, output));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp.Path), e => Path.GetFileName(e).Contains("adapted"));
    }

    [Fact]
    public void SourcesThatCannotBeAdaptedAreRefused()
    {
        using var temp = new TempFolder();
        Assert.Contains("no summary.json", Assert.Throws<DataFormatException>(() => AdaptationSource.FromRun(temp.Path)).Message);
        temp.Write("summary.json", File.ReadAllText(Path.Combine(fixture.RunPath, RunFolder.SummaryFileName)).Replace("\"folder\": \"candidates/", "\"folder\": \"../../"));
        Assert.Contains("lies outside the run folder", Assert.Throws<DataFormatException>(() => AdaptationSource.FromRun(temp.Path)).Message);
        Assert.Contains("not a model folder", Assert.Throws<DataFormatException>(() => AdaptationSource.FromModel(temp.Path, null)).Message);

        // The run's budget is read from its config.json: limits that are not limits are refused, not deployed under.
        string run = temp.Copy(fixture.RunPath, "run");
        string config = Path.Combine(run, RunFolder.ConfigFileName);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!;
        json["budget"]!["flash_bytes"] = -1;
        File.WriteAllText(config, json.ToJsonString());
        Assert.Contains("budget.flash_bytes", Assert.Throws<DataFormatException>(() => AdaptationSource.FromRun(run)).Message);
        File.Delete(config);
        Assert.Contains("no config.json", Assert.Throws<DataFormatException>(() => AdaptationSource.FromRun(run)).Message);
    }

    /// <summary>The adaptation cells' training and validation windows, where the front end is chosen.</summary>
    private WindowSet AdaptationWindows()
    {
        var splits = AdaptationProtocol.Split(fixture.NewFleet, new AdaptationProtocolOptions { Cells = fixture.Cells });
        return new WindowSet("adaptation", fixture.NewFleet, splits.Train.InputLength, splits.Train.Horizon, [.. splits.Train.Windows, .. splits.Validation.Windows]);
    }
}
