using Dlnet.Firmware;
using Dlnet.Int8;
using Dlnet.Pipeline;
using Dlnet.Reporting;
using Dlnet.Scoring;
using Dlnet.Splits;

namespace Dlnet.Tests.Pipeline;

/// <summary>
/// The tiny run (training windows at stride 7) with the firmware step (host gcc only), a step that keeps what it is
/// handed, and the report step; run once for the tests that read it.
/// </summary>
public sealed class FinishedTinyRun : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <summary>Keeps the finished run as the report step is about to see it.</summary>
    private sealed class Keep : IRunFinishingStep
    {
        public FinishedRun? Run { get; private set; }

        public string Name => "keep";

        public FinishedRun Finish(FinishedRun run, IProgress<RunEvent>? progress, CancellationToken cancellation) => Run = run;
    }

    public FinishedTinyRun()
    {
        Config = TinyRun.Config(_temp);
        Folder = new RunFolder(_temp.File("run"));
        Runner = new PipelineRunner(Config, TinyRun.Fleet, Folder);
        var keep = new Keep();
        var firmware = new FirmwareStep(new DeploymentOptions { Sanitizers = false, ArmCompiler = "dlnet-no-such-arm-gcc" });
        Summary = Runner.Run(finishing: [firmware, keep, new ReportStep()]);
        Handed = keep.Run ?? throw new InvalidOperationException("the finishing steps did not run");
    }

    public RunConfig Config { get; }

    public RunFolder Folder { get; }

    public PipelineRunner Runner { get; }

    /// <summary>The summary the run returned (and wrote last).</summary>
    public RunSummary Summary { get; }

    /// <summary>What the firmware step handed on.</summary>
    public FinishedRun Handed { get; }

    public string FinalFolder => Summary.FinalFolder(Folder.Path);

    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// One split per run, handed to every finishing step; the report draws the firmware step's integer engine; the
/// summary reads back to the same bytes.
/// </summary>
public sealed class FinishingStepsTests(FinishedTinyRun run) : IClassFixture<FinishedTinyRun>
{
    [Fact]
    public void EveryFinishingStepGetsTheSplitsTheRunnerDecided()
    {
        Assert.Same(run.Runner.Splits, run.Handed.Splits);
        // The run trains at stride 7; the deployment windows are the protocol's defaults, as a model folder alone is split.
        var windows = run.Handed.Splits.Windows;
        var deployment = run.Handed.Splits.Deployment;
        Assert.All(windows.Train.Windows.ToArray(), w => Assert.Equal(0, w.Start % 7));
        Assert.True(deployment.Train.Count > windows.Train.Count);
        var alone = Int8Calibration.SplitsOf(run.FinalFolder, TinyRun.Fleet);
        Assert.Equal(Starts(alone.Deployment), Starts(deployment));
    }

    [Fact]
    public void DlnetReportSplitsARunFolderAsTheRunDid()
    {
        var again = RunReport.SplitsOf(run.Folder.Path, RunSummary.ReadFolder(run.Folder.Path), TinyRun.Fleet);
        Assert.Equal(Starts(run.Runner.Splits.Windows), Starts(again.Windows));
        Assert.Equal(Starts(run.Runner.Splits.Deployment), Starts(again.Deployment));
    }

    [Fact]
    public void TheFirmwareStepHandsOnTheEngineItChecked()
    {
        var deployment = Assert.IsType<DeploymentReport>(run.Summary.Deployment);
        var engine = Assert.IsType<QuantizedForecaster>(run.Handed.Int8);
        Assert.True(deployment.BitExact.Everywhere);
        Assert.Equal(deployment.Int8Metrics, Scores(engine, run.Handed.Splits.Deployment));
    }

    [Fact]
    public void TheReportsInt8NumbersAreTheFirmwareSteps()
    {
        var report = ReportStep.Write(run.Handed);
        var deployment = run.Summary.Deployment!;
        var test = ReportBuilder.PooledTest(run.Handed.Splits.Deployment)!;
        var drawn = report.Model.Horizon.Overall.Single(r => r.Predictor == run.Handed.Int8!.Name);
        Assert.Equal(EvaluationRow.From(Evaluator.Evaluate(run.Handed.Int8!, test)), drawn);
        // Each test split of the report is one the firmware step scored: the pooled rows are theirs, weighted by windows.
        var parts = deployment.Int8Metrics.Where(r => test.Name.Split('+').Contains(r.Split)).ToArray();
        Assert.Equal(test.Name.Split('+').Length, parts.Length);
        Assert.Equal(parts.Sum(r => r.Windows), drawn.Windows);
        Assert.Equal(parts.Sum(r => r.Mae!.Value * r.Windows) / drawn.Windows, drawn.Mae!.Value, 12);
        // dlnet report on the folder quantises once, the same way, and gets the same numbers.
        var alone = RunReport.Int8Of(run.FinalFolder, RunReport.SplitsOf(run.Folder.Path, run.Summary, TinyRun.Fleet))!;
        Assert.Equal(deployment.Int8Metrics, Scores(alone, run.Handed.Splits.Deployment));
    }

    [Fact]
    public void TheReportDrawsTheEngineItIsHandedNotOneOfItsOwn()
    {
        // An engine calibrated on other windows (the validation cells' instead of the training cells') forecasts otherwise.
        var w = run.Handed.Splits.Windows;
        var onValidation = new ProtocolSplits(w.Protocol, w.Validation, w.Train, [], w.Scaler);
        var other = Int8Calibration.Forecaster(run.FinalFolder, new RunSplits(w, onValidation));
        var test = ReportBuilder.PooledTest(run.Handed.Splits.Deployment)!;
        var otherRow = EvaluationRow.From(Evaluator.Evaluate(other, test));
        Assert.NotEqual(EvaluationRow.From(Evaluator.Evaluate(run.Handed.Int8!, test)), otherRow);

        var report = ReportStep.Write(run.Handed with { Int8 = other });
        Assert.Equal(otherRow, report.Model.Horizon.Overall.Single(r => r.Predictor == other.Name));
    }

    [Fact]
    public void TheSummaryReadsBackToTheSameBytes()
    {
        Assert.NotNull(run.Summary.Deployment);
        byte[] written = File.ReadAllBytes(run.Folder.SummaryPath);
        using var temp = new TempFolder();
        string again = temp.File("summary.json");
        RunSummary.Read(run.Folder.SummaryPath).Write(again);
        Assert.Equal(written, File.ReadAllBytes(again));
    }

    private static IReadOnlyList<EvaluationRow> Scores(IForecaster int8, ProtocolSplits splits) =>
        [.. splits.All.Select(s => EvaluationRow.From(Evaluator.Evaluate(int8, s)))];

    private static IEnumerable<(string, int, int)> Starts(ProtocolSplits splits) =>
        splits.All.SelectMany(s => s.Windows.ToArray().Select(w => (s.Name, w.Series, w.Start)));
}
