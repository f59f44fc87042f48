using Dlnet.Firmware;
using Dlnet.Int8;
using Dlnet.Pipeline;
using Dlnet.Reporting;
using Dlnet.Scoring;
using Dlnet.Splits;

namespace Dlnet.Tests.Reporting;

/// <summary>The report's headline: the shipped model against the best classical extrapolation and the teacher, each cost measured or estimated.</summary>
public sealed class ReportHeadlineTests
{
    private static EvaluationRow Row(string predictor, string split, double mae) => new(predictor, split, 100, mae, null, null, null, null);

    private static readonly DeploymentReport Deployed = new("candidates/s2-x", 12216, 296, 28356, new LatencyRange(0.44, 0.89), null,
        [Row("s2-x-int8", "train", 3e-4), Row("s2-x-int8", "validation", 1.6e-4), Row("s2-x-int8", "test1", 3.38e-4)], [], [],
        new BitExactness(new WindowComparison(2123, 2123), new WindowComparison(2123, 2123)), new ToolchainVersions("gcc", "arm-none-eabi-gcc", "qemu"));

    private static RunSummary Summary(DeploymentReport? deployment) => new()
    {
        DlnetVersion = "0.1.0",
        Protocol = "cells",
        Data = new DataSummary("builtin", "sha256:0", 48),
        Budget = new BudgetSummary(16384, 4096, 1.0),
        Final = new FinalSummary("s2-x", "candidates/s2-x", 6000, 90000, [Row("s2-x", "validation", 1.5e-4), Row("s2-x", "test1", 3.31e-4)]),
        Teacher = new ModelSummary("teacher", "teacher", [Row("teacher", "validation", 1e-4), Row("teacher", "test1", 1.94e-4)]),
        Baselines =
        [
            Row("last", "validation", 1e-2), Row("linear20", "validation", 2.5e-3), Row("quadratic50", "validation", 7e-4),
            Row("last", "test1", 1e-2), Row("linear20", "test1", 2.5e-3), Row("quadratic50", "test1", 8.67e-4),
        ],
        BestClassical = new ClassicalChoice("quadratic50", "validation"),
        Candidates =
        [
            new CandidateRecord
            {
                Name = "s2-x", Stage = CandidateStages.Stage2, Folder = "candidates/s2-x", Architecture = "student",
                FlashBytes = 12452, RamBytes = 621, LatencyMsLow = 0.49, LatencyMsHigh = 0.98, Parameters = 1811,
            },
        ],
        Front = new FrontSummary([], ["s2-x"]),
        Ablation = [],
        Deployment = deployment,
    };

    [Fact]
    public void TheDeployedInt8ModelIsComparedOnEveryReportSplitWithMeasuredSizes()
    {
        var h = ReportHeadline.Of(Summary(Deployed));
        Assert.True(h.Int8);
        Assert.Equal(("s2-x", "quadratic50"), (h.Model, h.Classical));
        var test1 = Assert.Single(h.Splits);
        Assert.Equal(new HeadlineSplit("test1", 100, 3.38e-4, 3.31e-4, 8.67e-4, 1.94e-4), test1);
        Assert.Equal(-0.610, HeadlineSplit.Change(test1.Shipped, test1.Classical)!.Value, 3);
        Assert.Equal(0.742, HeadlineSplit.Change(test1.Shipped, test1.Teacher)!.Value, 3);

        var costs = h.Costs.ToDictionary(c => c.Label);
        Assert.Equal(("12,216 B", true), (costs["flash"].Value, costs["flash"].Measured));
        Assert.Equal(("296 B", true), (costs["static RAM"].Value, costs["static RAM"].Measured));
        Assert.Equal(("0.44-0.89 ms", false), (costs["latency at 64 MHz"].Value, costs["latency at 64 MHz"].Measured));
        Assert.StartsWith("28,356 instructions counted under QEMU", costs["latency at 64 MHz"].How);
        Assert.True(costs["generated C = integer engine"].Measured);
    }

    [Fact]
    public void TheTimingModelsFigureReplacesTheInstructionRange()
    {
        var cycles = new CycleCount(52_170, 47_711, 71_431, 28_356, 3, 64e6, new TimeRange(0.8152, 0.7455, 1.1161), [], [], []);
        var costs = ReportHeadline.Of(Summary(Deployed with { CyclesPerForecast = cycles })).Costs.ToDictionary(c => c.Label);
        Assert.Equal("0.815 ms (0.746-1.116)", costs["latency at 64 MHz"].Value);
        Assert.StartsWith("52,170 cycles per forecast (47,711-71,431) by the Cortex-M4 timing model on QEMU's trace of 28,356 instructions", costs["latency at 64 MHz"].How);
    }

    [Fact]
    public void WithoutADeploymentTheFloatModelAndTheCostModelsEstimatesAreShown()
    {
        var h = ReportHeadline.Of(Summary(null));
        Assert.False(h.Int8);
        Assert.Equal(3.31e-4, Assert.Single(h.Splits).Shipped);
        Assert.All(h.Costs.Where(c => c.Label != "parameters"), c => Assert.False(c.Measured));
        Assert.Equal("12,452 B", h.Costs.Single(c => c.Label == "flash").Value);
    }

    [Fact]
    public void TheBestClassicalIsTheOneTheRunChoseOnItsValidationCells()
    {
        // Not the lowest error on a test split, which would leak the test cells into the reference.
        var summary = Summary(Deployed) with
        {
            Baselines = [Row("quadratic50", "validation", 9e-4), Row("linear20", "validation", 8e-4), Row("quadratic50", "test1", 1e-5)],
            BestClassical = new ClassicalChoice("linear20", "validation"),
        };
        Assert.Equal("linear20", ReportHeadline.BestClassical(summary));
    }
}
