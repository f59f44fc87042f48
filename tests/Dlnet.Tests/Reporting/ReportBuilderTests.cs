using Dlnet.Baselines;
using Dlnet.Firmware;
using Dlnet.Pipeline;
using Dlnet.Reporting;
using Dlnet.Scoring;
using Dlnet.Selection;

namespace Dlnet.Tests.Reporting;

/// <summary>The numbers the report draws, computed from the summary and the windows.</summary>
[Collection(RunFolderCollection.Name)]
public sealed class ReportBuilderTests(RunFolderFixture run)
{
    [Fact]
    public void TheFrontHoldsTheCandidatesNoOtherBeatsInCostAndError()
    {
        ParetoPoint P(string name, double cost, double error, ModelStage stage = ModelStage.Stage1) => new(name, stage, cost, cost, error, false);
        var points = new[]
        {
            P("teacher", 100, 0.001, ModelStage.Teacher), P("a", 10, 0.010), P("b", 20, 0.005), P("c", 30, 0.006),
            P("d", 40, 0.004, ModelStage.Stage2), P("e", 5, double.NaN),
        };
        Assert.Equal(["a", "b", "d"], ReportBuilder.Front(points).Select(p => p.Name));
    }

    [Fact]
    public void TheSummaryReadsInTheContractsForm()
    {
        var summary = RunSummary.ReadFolder(run.RunFolder);
        Assert.Equal(("0.1.0", "quick", "cells", 1), (summary.DlnetVersion, summary.Preset, summary.Protocol, summary.Seed));
        Assert.Equal(new BudgetSummary(16384, 4096, 1.0), summary.Budget);
        Assert.Equal(3, summary.Candidates.Count);
        var compressed = summary.Candidate(RunFolderFixture.CompressedName)!;
        Assert.Equal(("compressed", RunFolderFixture.StudentName, 0.5), (compressed.Stage, compressed.Parent, compressed.PruneRatio));
        Assert.Equal(run.StudentCost.Int8WeightBytes / 2, compressed.Int8Bytes);
        Assert.Equal(compressed.Int8Bytes + 6000, compressed.FlashBytes);
        Assert.Equal(run.StudentCost.PeakActivationBytes, compressed.PeakActivationBytes);
        Assert.True(compressed.LatencyMsHigh > compressed.LatencyMsLow);
        Assert.Equal(run.Student.Description.Metrics["test1"].Mae, compressed.Metrics.Single(m => m.Split == "test1").Mae);
        Assert.Equal([RunFolderFixture.StudentName, RunFolderFixture.FinalName], summary.Front.Final);
        Assert.Equal(RunFolderFixture.FinalName, summary.Final!.Name);
        Assert.Equal(0.01, summary.Ablation.Single().BestClassical);
        Assert.Equal((run.Classical.Chosen, "validation"), (summary.BestClassical.Name, summary.BestClassical.ChosenOn));
        Assert.Equal(run.Classical.Rows.Count, summary.Baselines.Count);
        Assert.Null(summary.Deployment);
        Assert.Equal(12.5, summary.ElapsedSeconds);

        string deployed = run.CopyRun("summary-deployed");
        run.WriteSummary(deployed, deployed: true);
        var d = RunSummary.ReadFolder(deployed).Deployment!;
        Assert.Equal((9876L, 1234L, 45678L), (d.FlashBytes!.Value, d.RamBytes!.Value, d.InstructionsPerInference!.Value));
        Assert.Equal(new LatencyRange(0.71, 1.42), d.LatencyMsAt64Mhz);
        Assert.Equal(new WindowComparison(321, 321), d.BitExact!.Host);
        Assert.Null(d.BitExact.Emulator);
        Assert.Equal(new ToolchainVersions("gcc 14.2", null, null), d.Toolchain);
        Assert.Equal(0.0042, d.Int8Metrics.Single().Mae);
    }

    [Fact]
    public void ParetoChartsPlaceEveryModelAndLabelTheFinalOne()
    {
        var summary = RunSummary.ReadFolder(run.RunFolder);
        var teacherCost = CostModel.Estimate(run.Teacher.Forecaster.Network);
        var flash = ReportBuilder.FlashChart(summary, teacherCost, "validation");
        Assert.Equal([ModelStage.Teacher, ModelStage.Stage1, ModelStage.Compressed, ModelStage.Stage2], flash.Points.Select(p => p.Stage));
        Assert.Equal(RunFolderFixture.FinalName, flash.Points.Single(p => p.IsFinal).Name);
        // every candidate carries the same 6000 bytes beyond its weights, so the teacher does too
        Assert.Equal(teacherCost.Int8WeightBytes + 6000, flash.Points[0].Cost);
        Assert.Equal(run.Teacher.Description.Metrics["validation"].Mae, flash.Points[0].Error);
        Assert.Null(flash.Note);
        Assert.Equal(16384, flash.Budget);

        var latency = ReportBuilder.LatencyChart(summary, teacherCost, "test1");
        Assert.Equal(teacherCost.Latency.MillisecondsHigh, latency.Points[0].Cost);
        Assert.Equal(teacherCost.Latency.MillisecondsLow, latency.Points[0].CostLow);
        Assert.All(latency.Points.Skip(1), p => Assert.Equal(run.Student.Description.Metrics["test1"].Mae, p.Error));
        Assert.Equal(1.0, latency.Budget);
    }

    [Fact]
    public void TestPanelsTakeOneWindowFromEachOfCellsSpreadOverTheTestSplits()
    {
        var test = ReportBuilder.PooledTest(run.Splits)!;
        Assert.Equal(string.Join("+", run.TestSplits), test.Name);
        Assert.Equal(run.TestSplits.Sum(s => run.Splits[s].Count), test.Count);

        int cells = test.SeriesIndices.Count;
        int[] chosen = ReportBuilder.SampleWindows(test, 5);
        Assert.Equal(5, chosen.Length);
        var series = chosen.Select(i => test[i].Series).ToArray();
        Assert.Equal(5, series.Distinct().Count());
        Assert.Equal(test[0].Series, series[0]);
        Assert.Equal(test[test.Count - 1].Series, series[^1]);
        // one window per cell when asked for more panels than there are cells
        Assert.Equal(cells, ReportBuilder.SampleWindows(test, 1000).Length);
        Assert.Empty(ReportBuilder.SampleWindows(test, 0));
    }

    [Fact]
    public void TheHorizonChartIsTheEvaluatorsErrorPerStep()
    {
        var test = ReportBuilder.PooledTest(run.Splits)!;
        var quadratic = BaselineFactory.Create("quadratic50");
        var chart = ReportBuilder.Horizon(test, [run.Student.Forecaster, quadratic]);
        var expected = Evaluator.Evaluate(quadratic, test).Overall;
        Assert.Equal(expected.MaePerStep, chart.Curves[1].Values);
        Assert.Equal(expected.Mae, chart.Overall[1].Mae);
        Assert.Equal(test.Count, chart.Windows);
        Assert.Equal(100, chart.Curves[0].Values.Length);
    }

    [Fact]
    public void ForecastersOfAnotherWindowAreRefused()
    {
        var summary = RunSummary.ReadFolder(run.RunFolder);
        var e = Assert.Throws<ArgumentException>(() => ReportBuilder.Build(summary, run.Splits, [BaselineFactory.Create("last", 50, 100)], null));
        Assert.Contains("'last' maps 50 values to 100", e.Message);
    }
}
