using System.Text.Json;
using Dlnet.Architectures;
using Dlnet.Compression;
using Dlnet.Export.Onnx;
using Dlnet.Int8;
using Dlnet.Nn;
using Dlnet.Selection;
using Dlnet.Tests.Export;

namespace Dlnet.Tests.Models;

/// <summary>
/// What every registered architecture promises, checked for each one found, at its default sizes: so that a
/// new architecture is held to the same rules by these tests without being named in them. A capability an
/// architecture declares must work; one it does not declare must be refused by its step.
/// </summary>
public sealed class ArchitectureContractTests
{
    private const int W = 20, H = 6;

    public static TheoryData<string> Architectures => new(ArchitectureRegistry.Names);

    private static INetwork<float> Built(IArchitecture architecture)
    {
        var network = architecture.Create<float>(new NetworkOptions(), W, H);
        network.Initialize(seed: 3);
        return network;
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void DescriptionRebuildsTheNetwork(string name)
    {
        var architecture = ArchitectureRegistry.Named(name);
        var network = Built(architecture);
        Assert.Equal(name, network.Architecture);
        var options = architecture.Describe(network);
        var rebuilt = architecture.Create<float>(options, W, H);
        Assert.Equal(Layout(network), Layout(rebuilt));
        // Described again, the rebuilt network gives the same options: nothing is lost or defaulted on the way.
        Assert.Equal(JsonSerializer.Serialize(options), JsonSerializer.Serialize(architecture.Describe(rebuilt)));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void CostCountsEveryParameter(string name)
    {
        var architecture = ArchitectureRegistry.Named(name);
        var network = Built(architecture);
        if (architecture is not ICostedArchitecture)
        {
            Assert.Throws<NotSupportedException>(() => CostModel.Estimate(network));
            return;
        }
        var cost = CostModel.Estimate(network);
        Assert.Equal(name, cost.Architecture);
        Assert.Equal(network.Parameters.Count, cost.Parameters);
        // Every parameter takes at least a byte of flash (int8 weights; int16 and int32 vectors).
        Assert.True(cost.Int8WeightBytes >= cost.Parameters, $"{cost.Int8WeightBytes} bytes for {cost.Parameters} parameters");
        Assert.True(cost.Macs >= W * H / 2 && cost.MacsPerStep > 0 && cost.SequenceSteps >= 1 && cost.KernelCalls > 0 && cost.PeakActivationBytes >= W);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void OnnxGraphComputesTheForwardPass(string name)
    {
        var architecture = ArchitectureRegistry.Named(name);
        var network = Built(architecture);
        Assert.Equal(architecture is IOnnxArchitecture, OnnxExporter.Architectures.Contains(name));
        if (architecture is not IOnnxArchitecture)
        {
            Assert.Throws<OnnxExportException>(() => OnnxExporter.Network(network));
            return;
        }
        const int batch = 4;
        var input = OnnxRuntimeRunner.RandomWindows(batch, W, seed: 8);
        var onnx = OnnxRuntimeRunner.Run(OnnxExporter.Network(network).ToByteArray(), input, batch, W);
        double diff = OnnxRuntimeRunner.MaxAbsDifference(OnnxRuntimeRunner.Forward(network, input, batch), onnx);
        Assert.True(diff <= 1e-4, $"ONNX Runtime differs from the forward pass by {diff:E2}");
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void PrunedNetworkIsRebuiltFromItsResizedOptions(string name)
    {
        var architecture = ArchitectureRegistry.Named(name);
        var network = Built(architecture);
        if (architecture is not IPrunableArchitecture prunable)
        {
            Assert.Throws<NotSupportedException>(() => PruningTopology<float>.Of(network));
            return;
        }
        var (pruned, plan) = StructuredPruner.Prune(network, new PruningOptions(0.5));
        Assert.True(pruned.Parameters.Count < network.Parameters.Count);
        Assert.All(plan.Layers, layer => Assert.True(layer.KeptWidth <= layer.Layer.Width));
        var options = prunable.Resized(new NetworkOptions(), pruned);
        Assert.Equal(Layout(pruned), Layout(architecture.Create<float>(options, W, H)));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void FakeQuantisedFormNamesMatricesOfTheNetwork(string name)
    {
        var architecture = ArchitectureRegistry.Named(name);
        var network = Built(architecture);
        if (architecture is not IQuantizationAwareArchitecture quantized)
        {
            Assert.Throws<ArgumentException>(() => new QuantizationAwareTraining(network));
            return;
        }
        var layers = quantized.FakeQuantized(network);
        Assert.NotEmpty(layers.Weights);
        Assert.NotEmpty(layers.Activations);
        Assert.All(layers.Weights, w =>
        {
            Assert.Same(w.Tensor, network.Parameters.Find(w.Tensor.Name));
            Assert.Equal([w.Outputs, w.Inputs], w.Tensor.Shape);
        });
        Assert.Equal(layers.Weights.Select(w => w.Tensor.Name), new QuantizationAwareTraining(network).QuantizedTensors.Select(t => t.Name));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void IntegerFormIsThatOfTheEngine(string name)
    {
        var architecture = ArchitectureRegistry.Named(name);
        var network = Built(architecture);
        if (architecture is not IIntegerArchitecture)
        {
            Assert.Throws<NotSupportedException>(() => StudentGraph.Read(network));
            return;
        }
        var graph = StudentGraph.Read(network);
        Assert.Same(network, graph.Network);
        Assert.Equal(2, graph.Encoder.Count);
    }

    private static string[] Layout(INetwork<float> network) =>
        [.. network.Parameters.Tensors.Select(t => $"{t.Name}[{string.Join(',', t.Shape)}]")];
}
