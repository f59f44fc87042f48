using System.Globalization;
using Dlnet.Architectures;
using Dlnet.Cli;
using Dlnet.Cli.Common;
using Dlnet.Firmware;
using Dlnet.Fleet;
using Dlnet.Forecasting;
using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Optimization;
using Dlnet.Scoring;
using Dlnet.Splits;
using Dlnet.Tests.Reporting;
using Dlnet.Training;

namespace Dlnet.Tests.CommandLine;

/// <summary><c>dlnet eval --int8</c>: the integer engine, calibrated as the firmware is, on the run's data and on a new fleet.</summary>
[Collection(RunFolderCollection.Name)]
public sealed class EvalCommandTests(RunFolderFixture run) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The engine calibrated by hand on the protocol's training windows, as deploy and the firmware are.</summary>
    private QuantizedForecaster Engine() =>
        new(StudentQuantizer.Quantize(ModelFile.Load(run.StudentFolder), WindowArrays.From(run.Splits.Train)));

    [Fact]
    public void Int8ScoresTheIntegerEngineOnTheReportSplits()
    {
        string json = _temp.File("int8.json");
        var r = Cli.Run("eval", "--model", run.StudentFolder, "--data", run.DataFolder, "--int8", "--json", json);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        Assert.Contains("int8 engine", r.Stdout);
        var report = EvaluationReport.Parse(File.ReadAllText(json));
        var engine = Engine();
        foreach (string split in new[] { "validation", "test1" })
        {
            var row = report.Results.Single(x => x.Predictor == RunFolderFixture.StudentName + "-int8" && x.Split == split);
            Assert.Equal(Evaluator.Evaluate(engine, run.Splits[split]).Overall.Mae, row.Mae);
        }
        // Not the float model's numbers.
        var floatRow = report.Results.Single(x => x.Predictor == RunFolderFixture.StudentName + "-int8" && x.Split == "test1");
        Assert.NotEqual(Evaluator.Evaluate(ModelFile.Load(run.StudentFolder), run.Splits["test1"]).Overall.Mae, floatRow.Mae);
        Assert.Equal(run.Classical.Chosen, report.BestClassical!.Name);
    }

    [Fact]
    public void Int8OnANewFleetIsCalibratedOnTheTrainingDataAndScoresEveryCell()
    {
        // The run's own cells, renamed and untagged: a fleet the model has not seen, by its fingerprint.
        var fleet = run.Series;
        var csv = new System.Text.StringBuilder("cell,cycle,soh\n");
        foreach (var cell in fleet)
            for (int t = 0; t < cell.Length; t++)
                csv.Append(CultureInfo.InvariantCulture, $"New{cell.Id},{t + 1},{cell.Values[t]:R}\n");
        string data = _temp.Write("new/cells.csv", csv.ToString());
        string json = _temp.File("new.json");

        var r = Cli.Run("eval", "--model", run.StudentFolder, "--data", data, "--int8", "--training-data", run.DataFolder, "--json", json);
        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr + r.Stdout);
        var report = EvaluationReport.Parse(File.ReadAllText(json));
        Assert.Equal(WholeFleet.Name, report.Protocol);
        var windows = WholeFleet.Splits(FleetLoader.Load(data)).Single();
        var row = report.Results.Single(x => x.Predictor == RunFolderFixture.StudentName + "-int8");
        Assert.Equal(windows.Count, row.Windows);
        Assert.Equal(Evaluator.Evaluate(Engine(), windows).Overall.Mae, row.Mae);

        // Calibrating on the new fleet itself would give other scales: refused, with the option to use.
        r = Cli.Run("eval", "--model", run.StudentFolder, "--data", data, "--int8", "--training-data", data);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("give that data with --training-data", r.Stderr);
    }

    [Theory]
    [InlineData("--mc-dropout", "3")]
    [InlineData("--training-data", "builtin")]
    public void OptionsThatContradictAreUsageErrors(string option, string value)
    {
        string[] args = option == "--mc-dropout"
            ? ["eval", "--model", run.StudentFolder, "--data", run.DataFolder, "--int8", option, value]
            : ["eval", "--model", run.StudentFolder, "--data", run.DataFolder, option, value];
        var r = Cli.Run(args);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr);
    }

    [Fact]
    public void Int8NeedsAStudent()
    {
        var r = Cli.Run("eval", "--model", Path.Combine(run.RunFolder, "teacher"), "--data", run.DataFolder, "--int8");
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("the int8 path knows the student architecture; this model is a 'teacher'", r.Stderr);
    }
}
