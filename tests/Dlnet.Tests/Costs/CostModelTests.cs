using Dlnet.Compression;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Networks;
using Dlnet.Nn.Recurrent;
using Dlnet.Selection;
using Xunit.Abstractions;

namespace Dlnet.Tests.Costs;

public class CostModelTests(ITestOutputHelper output)
{
    [Fact]
    public void SmallMlpCountsByHand()
    {
        var cost = CostModel.Estimate(new MlpNetwork<double>(new MlpOptions(4, 2, [3])));
        Assert.Equal(4 * 3 + 3 + 3 * 2 + 2, cost.Parameters);
        Assert.Equal(0, cost.NonZeroParameters); // not initialised
        // Dense(4,3): 12 weights + 3 * (4 bias + 8 requant) = 48; Dense(3,2): 6 + 2 * 12 = 30; ReLU: none.
        Assert.Equal(78, cost.Int8WeightBytes);
        Assert.Equal(12 + 6, cost.Macs);
        Assert.Equal(3 + 3 + 2, cost.ElementwiseOps); // requantise 3, ReLU 3, requantise 2
        Assert.Equal(0, cost.Lookups);
        Assert.Equal(2, cost.KernelCalls);
        Assert.Equal(4 + 3, cost.PeakActivationBytes);
        Assert.Equal(1, cost.SequenceSteps);
        Assert.Equal(cost.Macs, cost.MacsPerStep);
        // 18 MACs, 8 ops, 2 calls: 18*1.76 + 8*77.5 = 651.68 and 18*3.52 + 8*155 = 1303.36 cycles (calls cost nothing apart).
        Assert.Equal(651.68, cost.Latency.CyclesLow, 9);
        Assert.Equal(1303.36, cost.Latency.CyclesHigh, 9);
        Assert.Equal(651.68 / 64e6 * 1e3, cost.Latency.MillisecondsLow, 12);
    }

    [Fact]
    public void TanhAddsATablePerLayerAndLookups()
    {
        var relu = CostModel.Estimate(new MlpNetwork<double>(new MlpOptions(4, 2, [3, 5])));
        var tanh = CostModel.Estimate(new MlpNetwork<double>(new MlpOptions(4, 2, [3, 5], ActivationKind.Tanh)));
        Assert.Equal(relu.Int8WeightBytes + 2 * 256, tanh.Int8WeightBytes);
        Assert.Equal(8, tanh.Lookups);
        Assert.Equal(relu.KernelCalls + 2, tanh.KernelCalls);
        Assert.Equal(relu.Macs, tanh.Macs);
    }

    [Fact]
    public void SmallEulerStudentCountsByHand()
    {
        var student = new EulerStudent<double>(new EulerStudentOptions(6, 3, Hidden: 4, Rank: 2, EncoderWidth: 5, DecoderWidths: [3]));
        var cost = CostModel.Estimate(student);
        // 35 + LN 10 + 24 + LN 8 + ode (alpha 4, beta 4, w_diag 4, U 8, V 8) + residual 1 + 15 + LN 6 + 12
        Assert.Equal(139, cost.Parameters);
        // Dense 90, LN(5) 38, Dense 68, LN(4) 32, tanh table 256,
        // liquid 16 (a, b) + 512 (int16 tanh) + 24 (three requants) + 16 (U, V) + 16 (V^T rows) + 32 (U rows) + 8 (w_diag),
        // Dense 48, LN(3) 26, Dense 45.
        Assert.Equal(1227, cost.Int8WeightBytes);
        Assert.Equal(6 * 5 + 5 * 4 + (2 * 4 * 2 + 4) + 4 * 3 + 3 * 3, cost.Macs);
        // drive 6, Dense 5, LN 15, ReLU 5, Dense 4, LN 12, tanh 4, liquid 3*4, residual 4, Dense 3, LN 9, ReLU 3, Dense 3
        Assert.Equal(85, cost.ElementwiseOps);
        Assert.Equal(8, cost.Lookups);
        Assert.Equal(13, cost.KernelCalls);
        Assert.Equal(5 * 4 + 4 * 2, cost.PeakActivationBytes); // the liquid block: x0, state, tanh, projection
    }

    [Fact]
    public void RecurrentMacsAreStepsTimesCellPlusHead()
    {
        var lstm = CostModel.Estimate(new LstmNetwork<double>(5, 3, 2));
        Assert.Equal(5, lstm.SequenceSteps);
        Assert.Equal(4 * 2 * (1 + 2), lstm.MacsPerStep);
        Assert.Equal(5 * 24 + 2 * 3, lstm.Macs);
        Assert.Equal(5 * 5 * 2, lstm.Lookups);
        var gru = CostModel.Estimate(new GruNetwork<double>(6, 3, 4, layers: 2));
        Assert.Equal(3 * 4 * (1 + 4) + 3 * 4 * (4 + 4), gru.MacsPerStep);
        Assert.Equal(6 * gru.MacsPerStep + 4 * 3, gru.Macs);
    }

    [Fact]
    public void MaskingLowersOnlyTheNonZeroCount()
    {
        var mlp = new MlpNetwork<double>(new MlpOptions(6, 2, [8, 8]));
        mlp.Initialize(seed: 4);
        var before = CostModel.Estimate(mlp);
        Assert.Equal(before.Parameters, before.NonZeroParameters);
        var plan = StructuredPruner.Plan(mlp, new PruningOptions(0.5));
        StructuredPruner.Mask(mlp, plan);
        var masked = CostModel.Estimate(mlp);
        // 8 neurons gone: 4 of layer 0 and 4 of layer 1 at most; each neuron removes its row, bias and column.
        Assert.Equal(before.Parameters, masked.Parameters);
        Assert.True(masked.NonZeroParameters < before.NonZeroParameters);
        var shrunk = CostModel.Estimate(StructuredPruner.Shrink(mlp, plan));
        Assert.Equal(masked.NonZeroParameters, shrunk.Parameters);
        Assert.True(shrunk.Macs < before.Macs);
    }

    [Fact]
    public void PaperTeacherAndDeployedStudent()
    {
        var teacher = CostModel.Estimate(new PaperTeacher<float>(new PaperTeacherOptions()));
        Assert.Equal(155_749, teacher.Parameters);
        // 100*256 + 256*128 + 9 Euler steps * 128*128 + 128*256 + 256*128 + 128*100
        Assert.Equal(284_160, teacher.Macs);
        var student = CostModel.Estimate(new EulerStudent<float>(new EulerStudentOptions(Hidden: 4, DecoderWidths: [233, 112])));
        // 100*256 + 256*4 + (2*4*4 + 4) + 4*233 + 233*112 + 112*100
        Assert.Equal(64_888, student.Macs);
        Assert.True(student.Int8WeightBytes < teacher.Int8WeightBytes / 2);
        output.WriteLine($"teacher: {teacher}");
        output.WriteLine($"student h=4 decoder 233/112: {student}");
    }

    [Fact]
    public void PaperStudentGridCostsFallWithHiddenSize()
    {
        CandidateCost? previous = null;
        foreach (int hidden in new[] { 128, 64, 32, 16, 8, 4, 2 })
        {
            var cost = CostModel.Estimate(new EulerStudent<float>(new EulerStudentOptions(Hidden: hidden)));
            output.WriteLine($"student h={hidden}: params {cost.Parameters}, int8 bytes {cost.Int8WeightBytes}, MACs {cost.Macs}, " +
                $"ops {cost.ElementwiseOps}, peak {cost.PeakActivationBytes} B, {cost.Latency}");
            if (previous is not null)
            {
                Assert.True(cost.Parameters < previous.Parameters);
                Assert.True(cost.Macs < previous.Macs);
                Assert.True(cost.Int8WeightBytes < previous.Int8WeightBytes);
                Assert.True(cost.Latency.CyclesHigh < previous.Latency.CyclesHigh);
            }
            previous = cost;
        }
    }
}
