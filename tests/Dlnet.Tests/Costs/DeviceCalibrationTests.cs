using Dlnet.Nn.Networks;
using Dlnet.Selection;

namespace Dlnet.Tests.Costs;

/// <summary>The student's work per runtime kernel, and the latency calibrated on the timing model from it.</summary>
public sealed class DeviceCalibrationTests
{
    private static readonly EulerStudent<double> Student = new(new EulerStudentOptions(6, 3, Hidden: 4, Rank: 2, EncoderWidth: 5, DecoderWidths: [3]));

    [Fact]
    public void StudentWorkIsCountedPerKernel()
    {
        var cost = CostModel.Estimate(Student);
        var k = cost.Kernels;
        // Dense 6->5 reads the int16 window with int8 weights; 5->4 and 4->3 are int8 layers; 3->3 is the head.
        Assert.Equal(new KernelWork(1, 6 * 5, 5), k[KernelWork.DenseS16W8]);
        // The residual base's anchors: one call, the same for every student.
        Assert.Equal(new KernelWork(1, 0, 0), k[KernelWork.DenseS16]);
        Assert.Equal(new KernelWork(2, 5 * 4 + 4 * 3, 4 + 3), k[KernelWork.DenseS8]);
        Assert.Equal(new KernelWork(1, 3 * 3, 3), k[KernelWork.Head]);
        Assert.Equal(new KernelWork(3, 0, 5 + 4 + 3), k[KernelWork.LayerNorm]);
        Assert.Equal(new KernelWork(1, 0, 4), k[KernelWork.Lookup]);
        // One Euler step: U and V of rank 2 and the diagonal, 2*4*2 + 4 MACs over 4 units.
        Assert.Equal(new KernelWork(1, 2 * 4 * 2 + 4, 4), k[KernelWork.Liquid]);
        Assert.Equal(new KernelWork(1, 0, 6 + 4), k[KernelWork.ModelCode]);
        // Every MAC of the cost model belongs to one kernel.
        Assert.Equal(cost.Macs, k.Values.Sum(w => w.Macs));
    }

    [Fact]
    public void NetworksWithoutAKernelFormKeepTheGenericEstimate()
    {
        var mlp = CostModel.Estimate(new MlpNetwork<double>(new MlpOptions(4, 2, [3])));
        Assert.Empty(mlp.Kernels);
        Assert.Equal(LatencyModel.CortexM4F64MHz.Estimate(mlp.Macs, mlp.ElementwiseOps, mlp.KernelCalls), mlp.Latency);
    }

    [Fact]
    public void EstimateSumsTheKernelsAndWidensByTheRangeAndTheFitError()
    {
        var table = new DeviceCalibration(64e6, new Dictionary<string, KernelCycles>
        {
            ["a"] = new(100, 2, 10),
            ["b"] = new(0, 0, 5),
        }, LowRatio: 0.9, HighRatio: 1.5, Error: 0.1, Students: 2, Command: "bench");
        var e = table.Estimate(new Dictionary<string, KernelWork> { ["a"] = new(2, 1000, 20), ["b"] = new(1, 0, 8) })!.Value;
        double value = 2 * 100 + 1000 * 2 + 20 * 10 + 8 * 5;
        Assert.Equal(value, e.Cycles);
        Assert.Equal(value / 64e3, e.Milliseconds, 9);
        Assert.Equal(value * 0.9 / 1.1, e.CyclesLow, 6);
        Assert.Equal(value * 1.5 * 1.1, e.CyclesHigh, 6);
        Assert.Equal(e.CyclesHigh / 64e3, e.MillisecondsHigh, 9);
        // A kernel the table does not know, or no kernels at all: no calibrated estimate.
        Assert.Null(table.Estimate(new Dictionary<string, KernelWork> { ["c"] = new(1, 1, 1) }));
        Assert.Null(table.Estimate(new Dictionary<string, KernelWork>()));
    }

    [Fact]
    public void TheCommittedTableCostsEveryKernelOfTheStudentAndSaysHowToRegenerateIt()
    {
        var table = DeviceCalibration.CortexM4F64MHz;
        Assert.Equal(KernelWork.Names.Order(StringComparer.Ordinal), table.Kernels.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("bench/Dlnet.Bench", table.Command);
        Assert.True(table.Students > 10, $"{table.Students} students");
        Assert.InRange(table.LowRatio, 0.5, 1);
        Assert.InRange(table.HighRatio, 1, 3);
        // The student's estimate is the table's, and the budget is judged on its upper bound.
        var cost = CostModel.Estimate(Student);
        Assert.Equal(table.Estimate(cost.Kernels), cost.Latency);
        Assert.True(cost.Latency.CyclesHigh > cost.Latency.Cycles && cost.Latency.Cycles > cost.Latency.CyclesLow);
    }
}
