using CsCheck;
using Dlnet.Compression;
using Dlnet.Nn;
using Dlnet.Nn.Networks;
using static Dlnet.Tests.Compression.PruningFixtures;

namespace Dlnet.Tests.Compression;

public class StructuredPrunerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const double Exact = 1e-12;
    private const int Batch = 4;

    private static readonly Gen<(string Kind, int[] Widths, double Ratio, int Seed)> Cases =
        Gen.Select(Gen.Int[0, 2].Select(i => new[] { "mlp", "teacher", "student" }[i]), Gen.Int[1, 9].Array[2, 4], Gen.Double[0, 0.95], Gen.Int[0, 100_000])
            .Where(c => c.Item1 == "mlp" || c.Item2.Length >= 3);

    [Fact]
    public void MlpPrunedEqualsMaskedOriginalExactly()
    {
        Gen.Select(Gen.Int[1, 9].Array[1, 4], Gen.Double[0, 0.95], Gen.Int[0, 100_000]).Sample((widths, ratio, seed) =>
        {
            var net = Network("mlp", widths, seed);
            var plan = StructuredPruner.Plan(net, new PruningOptions(ratio));
            var pruned = StructuredPruner.Shrink(net, plan);
            var masked = Copy(net);
            StructuredPruner.Mask(masked, plan);
            var x = Inputs(net.InputSize, Batch, seed + 1);
            // No LayerNorm: the masked network's own forward pass is the reference.
            return MaxDifference(Run(pruned, x, Batch), Run(masked, x, Batch)) <= Exact;
        }, iter: 200);
    }

    [Fact]
    public void LiquidNetworksPrunedEqualMaskedForwardExactly()
    {
        Cases.Where(c => c.Kind != "mlp").Sample(c =>
        {
            var net = Network(c.Kind, c.Widths, c.Seed);
            var plan = StructuredPruner.Plan(net, new PruningOptions(c.Ratio));
            var pruned = StructuredPruner.Shrink(net, plan);
            var masked = Copy(net);
            StructuredPruner.Mask(masked, plan);
            var x = Inputs(net.InputSize, Batch, c.Seed + 1);
            var reference = new double[Batch * net.OutputSize];
            MaskedForward.Run(masked, plan, x, reference, Batch);
            return MaxDifference(Run(pruned, x, Batch), reference) <= Exact;
        }, iter: 200);
    }

    [Theory]
    [InlineData("teacher")]
    [InlineData("student")]
    public void LiquidBlockOfPrunedNetworkEqualsMaskedBlockExactly(string kind)
    {
        Gen.Select(Gen.Int[2, 9], Gen.Double[0, 0.95], Gen.Int[0, 100_000]).Sample((hidden, ratio, seed) =>
        {
            var net = (LiquidEncoderDecoder<double>)Network(kind, [5, hidden, 4], seed);
            var plan = StructuredPruner.Plan(net, new PruningOptions(ratio, Layers: ["ode"]));
            var pruned = (LiquidEncoderDecoder<double>)StructuredPruner.Shrink(net, plan);
            var masked = (LiquidEncoderDecoder<double>)Copy(net);
            StructuredPruner.Mask(masked, plan);

            // The block alone, from a start where the removed units hold arbitrary values: they must not leak.
            var kept = plan["ode"].KeptIndices();
            var x0 = Inputs(hidden, Batch, seed + 2);
            var u = Inputs(1, Batch, seed + 3);
            var full = new double[Batch * hidden];
            masked.Ode.Forward(masked.Ode.CreateBuffers(Batch), x0, u, full, Batch);
            var x0Kept = Gather(x0, kept, hidden);
            var small = new double[Batch * kept.Length];
            pruned.Ode.Forward(pruned.Ode.CreateBuffers(Batch), x0Kept, u, small, Batch);
            return MaxDifference(small, Gather(full, kept, hidden)) <= Exact;
        }, iter: 100);
    }

    [Fact]
    public void LayerNormMakesPlainMaskingInexact()
    {
        // Why the masked forward exists: zeroing a LayerNorm neuron still lets its 0 enter the mean and variance.
        var net = Network("student", [8, 4, 8, 6], seed: 5);
        var plan = StructuredPruner.Plan(net, new PruningOptions(0.3, Layers: ["encoder.0"]));
        Assert.True(plan.Removed > 0);
        var pruned = StructuredPruner.Shrink(net, plan);
        var masked = Copy(net);
        StructuredPruner.Mask(masked, plan);
        var x = Inputs(net.InputSize, Batch, 6);
        Assert.True(MaxDifference(Run(pruned, x, Batch), Run(masked, x, Batch)) > 1e-6);
    }

    [Fact]
    public void RemovesRoundedShareNeverProtectedAndKeepsMinimums()
    {
        Gen.Select(Cases, Gen.Int[1, 3], Gen.Bool).Sample((c, minimum, raw) =>
        {
            var net = Network(c.Kind, c.Widths, c.Seed);
            var options = new PruningOptions(c.Ratio, minimum, raw ? ScoreNormalization.None : ScoreNormalization.LayerRms);
            var plan = StructuredPruner.Plan(net, options);
            var pruned = StructuredPruner.Shrink(net, plan);

            int candidates = plan.Layers.Sum(l => l.Layer.Width);
            int floors = plan.Layers.Sum(l => Math.Min(l.Layer.Width, Math.Max(minimum, l.Layer.MinimumWidth)));
            int requested = (int)Math.Round(c.Ratio * candidates, MidpointRounding.AwayFromZero);
            bool counts = plan.Candidates == candidates && plan.Requested == requested
                && plan.Removed == Math.Min(requested, candidates - floors);
            bool minimums = plan.Layers.All(l => l.KeptWidth >= Math.Min(l.Layer.Width, Math.Max(minimum, l.Layer.MinimumWidth)));
            bool protectedEnds = pruned.InputSize == net.InputSize && pruned.OutputSize == net.OutputSize;
            bool shrunk = pruned.Parameters.Count == ExpectedParameters(c.Kind, net, plan);
            return counts && minimums && protectedEnds && shrunk;
        }, iter: 300);
    }

    [Fact]
    public void LayersOutOfScopeKeepEveryUnit()
    {
        var net = Network("student", [9, 4, 9, 8], seed: 3);
        var plan = StructuredPruner.Plan(net, new PruningOptions(0.5, Layers: ["decoder.0", "decoder.1"]));
        Assert.Equal(17, plan.Candidates);
        Assert.Equal(9, plan.Requested); // 8.5 rounds away from zero
        Assert.Equal(9, plan.Removed);
        Assert.All(new[] { "encoder.0", "ode" }, name => Assert.Equal(plan[name].Layer.Width, plan[name].KeptWidth));
        var pruned = (EulerStudent<double>)StructuredPruner.Shrink(net, plan);
        Assert.Equal(9, pruned.Options.EncoderWidth);
        Assert.Equal(4, pruned.Hidden);
        Assert.Equal(17 - 9, pruned.Options.DecoderWidths!.Sum());
    }

    [Fact]
    public void RemovesTheWeakestNeuronsFirst()
    {
        var net = Network("mlp", [6], seed: 8);
        var weight = net.Parameters[net.Parameters.Find("layer.0.weight")];
        var bias = net.Parameters[net.Parameters.Find("layer.0.bias")];
        // Neurons 4 and 1 get the smallest rows; neuron 4 the smallest of all.
        foreach (int j in new[] { 1, 4 })
        {
            weight.Slice(j * 7, 7).Fill(j == 4 ? 0.01 : 0.02);
            bias[j] = 0;
        }
        var plan = StructuredPruner.Plan(net, new PruningOptions(0.2));
        Assert.Equal(1, plan.Removed);
        Assert.False(plan["layer.0"].Keep[4]);
        plan = StructuredPruner.Plan(net, new PruningOptions(0.34));
        Assert.Equal([0, 2, 3, 5], plan["layer.0"].KeptIndices());
    }

    [Fact]
    public void PlanForAnotherNetworkIsRejected()
    {
        var plan = StructuredPruner.Plan(Network("mlp", [4, 4], seed: 1), new PruningOptions(0.5));
        var other = Network("mlp", [4, 5], seed: 1);
        var error = Assert.Throws<ArgumentException>(() => StructuredPruner.Shrink(other, plan));
        Assert.Contains("layer.1:5", error.Message);
        Assert.Throws<ArgumentException>(() => StructuredPruner.Mask(other, plan));
    }

    [Fact]
    public void RawRankingStripsAWeakLayerWhereNormalisedRankingSharesTheCut()
    {
        // layer.1's rows are ten times smaller overall (say a layer of larger fan-in trained with weight decay).
        var net = Network("mlp", [10, 10], seed: 9);
        foreach (var name in new[] { "layer.1.weight", "layer.1.bias" })
        {
            var values = net.Parameters[net.Parameters.Find(name)];
            for (int i = 0; i < values.Length; i++) values[i] *= 0.1;
        }
        var raw = StructuredPruner.Plan(net, new PruningOptions(0.45, Normalization: ScoreNormalization.None));
        Assert.Equal(10, raw["layer.0"].KeptWidth);
        Assert.Equal(1, raw["layer.1"].KeptWidth);
        var normalised = StructuredPruner.Plan(net, new PruningOptions(0.45));
        Assert.Equal(9, normalised.Removed);
        Assert.InRange(normalised["layer.1"].KeptWidth, 3, 8);
    }

    [Fact]
    public void LowRankStateKeepsItsRank()
    {
        var net = Network("student", [6, 5, 6], seed: 2);
        var plan = StructuredPruner.Plan(net, new PruningOptions(0.9, Layers: ["ode"]));
        Assert.Equal(2, plan["ode"].KeptWidth);
        var pruned = (EulerStudent<double>)StructuredPruner.Shrink(net, plan);
        Assert.Equal(2, pruned.Ode.Options.Rank);
    }

    [Fact]
    public void UnknownLayerOrArchitectureIsRejected()
    {
        var net = Network("mlp", [4, 4], seed: 1);
        var error = Assert.Throws<ArgumentException>(() => StructuredPruner.Plan(net, new PruningOptions(0.5, Layers: ["decoder.0"])));
        Assert.Contains("layer.0, layer.1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => StructuredPruner.Plan(net, new PruningOptions(1.0)));
        var lstm = new Dlnet.Nn.Recurrent.LstmNetwork<double>(10, 3, 4);
        Assert.Throws<NotSupportedException>(() => StructuredPruner.Plan(lstm, new PruningOptions(0.5)));
    }

    [Fact]
    public void PaperStudentDecoderPrunesToAboutThePublishedWidths()
    {
        var net = new EulerStudent<double>(new EulerStudentOptions(Hidden: 4));
        net.Initialize(seed: 1);
        // 256 + 128 decoder neurons at ratio 0.1: round(38.4) = 38 removed. Which layer gives them up depends on the
        // weights: at initialisation the 5-scalar rows of decoder.0 spread far more than the 257-scalar rows of
        // decoder.1, so after per-layer normalisation all 38 come from decoder.0.
        var plan = StructuredPruner.Plan(net, new PruningOptions(0.1, Layers: ["decoder.0", "decoder.1"]));
        Assert.Equal(38, plan.Removed);
        output.WriteLine($"decoder widths after pruning: {plan["decoder.0"].KeptWidth}, {plan["decoder.1"].KeptWidth}");
        var pruned = StructuredPruner.Shrink(net, plan);
        Assert.Equal(net.Parameters.Count - ExpectedRemovedStudentDecoder(plan), pruned.Parameters.Count);
    }

    private static int ExpectedRemovedStudentDecoder(PruningPlan plan)
    {
        int d0 = plan["decoder.0"].KeptWidth, d1 = plan["decoder.1"].KeptWidth;
        int before = (4 * 256 + 256) + 2 * 256 + (256 * 128 + 128) + 2 * 128 + (128 * 100);
        int after = (4 * d0 + d0) + 2 * d0 + (d0 * d1 + d1) + 2 * d1 + (d1 * 100);
        return before - after;
    }

    /// <summary>Parameter count written out per architecture from the kept widths.</summary>
    private static int ExpectedParameters(string kind, INetwork<double> net, PruningPlan plan)
    {
        int inputs = net.InputSize, outputs = net.OutputSize;
        if (kind == "mlp")
        {
            int[] widths = [inputs, .. plan.Layers.Select(l => l.KeptWidth), outputs];
            return widths.Zip(widths.Skip(1), (a, b) => a * b + b).Sum();
        }
        int e = plan["encoder.0"].KeptWidth, h = plan["ode"].KeptWidth;
        int[] decoder = [.. plan.Layers.Where(l => l.Layer.Name.StartsWith("decoder.")).Select(l => l.KeptWidth)];
        int rank = ((LiquidEncoderDecoder<double>)net).Ode.Options.Rank;
        int ode = kind == "teacher" ? 2 * h + h * h : 3 * h + 2 * h * rank;
        int total = (inputs * e + e) + 2 * e + (e * h + h) + 2 * h + ode + 1;
        int width = h;
        foreach (int d in decoder) { total += width * d + d + 2 * d; width = d; }
        return total + width * outputs + outputs;
    }

    private static double[] Gather(double[] values, int[] kept, int width)
    {
        var result = new double[Batch * kept.Length];
        for (int b = 0; b < Batch; b++)
        for (int k = 0; k < kept.Length; k++)
            result[b * kept.Length + k] = values[b * width + kept[k]];
        return result;
    }
}
