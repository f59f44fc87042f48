using Dlnet.Export.Onnx;
using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Liquid;
using Dlnet.Nn.Networks;
using Dlnet.Nn.Recurrent;
using Xunit.Abstractions;

namespace Dlnet.Tests.Export;

/// <summary>
/// Every exportable architecture, small and randomly initialised, run in ONNX Runtime on random windows
/// and compared with its own C# forward pass.
/// </summary>
public sealed class OnnxNetworkExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;
    private const int Batch = 7;

    public static TheoryData<string> Cases => new()
    {
        "teacher-euler", "teacher-rk4", "teacher-no-dropout", "student", "student-rank1",
        "mlp-relu", "mlp-tanh", "mlp-sigmoid", "mlp-lecun", "mlp-linear",
        "lstm", "lstm-2layers-2features", "gru", "gru-2layers-2features",
        "cfc-default", "cfc-no-gate", "cfc-pure", "cfc-no-backbone", "cfc-2features",
        "ltc-semi-implicit", "ltc-euler", "ltc-ncp",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RuntimeMatchesForwardPass(string name)
    {
        var network = Build(name);
        network.Initialize(seed: 11);
        Perturb(network, name);
        var input = OnnxRuntimeRunner.RandomWindows(Batch, network.InputSize, seed: 5);

        var model = OnnxExporter.Network(network);
        var onnx = OnnxRuntimeRunner.Run(model.ToByteArray(), input, Batch, network.InputSize);
        var expected = OnnxRuntimeRunner.Forward(network, input, Batch);

        double diff = OnnxRuntimeRunner.MaxAbsDifference(expected, onnx);
        double scale = expected.Max(v => Math.Abs(v));
        output.WriteLine($"{name}: {model.Nodes} nodes, {model.Initializers} initializers, max |C# - ORT| {diff:E2} (outputs up to {scale:F3})");
        Assert.True(diff <= Tolerance, $"{name}: ONNX Runtime differs from the forward pass by {diff:E3}");
        Assert.Equal(network.Architecture, model.Metadata["architecture"]);
    }

    public static TheoryData<string> PaperSizes => new() { "teacher", "teacher-rk4", "student", "lstm", "gru", "cfc", "ltc" };

    /// <summary>
    /// The published sizes (W = H = 100): the deepest graphs, where float rounding of differently ordered
    /// sums has the most operators to accumulate through.
    /// </summary>
    [Theory]
    [MemberData(nameof(PaperSizes))]
    public void RuntimeMatchesForwardPassAtPaperSizes(string name)
    {
        INetwork<float> network = name switch
        {
            "teacher" => new PaperTeacher<float>(new PaperTeacherOptions()),
            "teacher-rk4" => new PaperTeacher<float>(new PaperTeacherOptions(Solver: OdeSolver.RungeKutta4)),
            "student" => new EulerStudent<float>(new EulerStudentOptions()),
            "lstm" => new LstmNetwork<float>(100, 100, hiddenSize: 128, layers: 2),
            "gru" => new GruNetwork<float>(100, 100, hiddenSize: 128, layers: 2),
            "cfc" => new CfcNetwork<float>(100, 100, hiddenSize: 32, backboneUnits: 64),
            "ltc" => new LtcNetwork<float>(100, 100, LtcWiring.FullyConnected(16, 4, 1, seed: 3)),
            _ => throw new ArgumentException(name),
        };
        network.Initialize(seed: 21);
        var input = OnnxRuntimeRunner.RandomWindows(Batch, network.InputSize, seed: 6);
        var model = OnnxExporter.Network(network);
        var onnx = OnnxRuntimeRunner.Run(model.ToByteArray(), input, Batch, network.InputSize);
        var expected = OnnxRuntimeRunner.Forward(network, input, Batch);
        double diff = OnnxRuntimeRunner.MaxAbsDifference(expected, onnx);
        output.WriteLine($"{name} ({network.Parameters.Count} parameters): {model.Nodes} nodes, max |C# - ORT| {diff:E2} (outputs up to {expected.Max(v => Math.Abs(v)):F3})");
        Assert.True(diff <= Tolerance, $"{name}: ONNX Runtime differs from the forward pass by {diff:E3}");
    }

    [Fact]
    public void WeightsAreInitializersNamedLikeTheParameters()
    {
        var network = Build("teacher-euler");
        network.Initialize(seed: 1);
        var bytes = OnnxExporter.Network(network).ToByteArray();
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(bytes);
        Assert.Equal([OnnxExporter.InputName], session.InputMetadata.Keys);
        Assert.Equal([OnnxExporter.OutputName], session.OutputMetadata.Keys);
        Assert.Equal([-1, network.InputSize], session.InputMetadata[OnnxExporter.InputName].Dimensions);
        Assert.Equal("teacher", session.ModelMetadata.CustomMetadataMap["architecture"]);
        Assert.Equal("dlnet", session.ModelMetadata.ProducerName);
        Assert.Equal(OnnxModel.DlnetVersion, session.ModelMetadata.CustomMetadataMap["dlnet_version"]);
        // The raw bytes carry each parameter name as an initializer name.
        string text = System.Text.Encoding.UTF8.GetString(bytes);
        foreach (var tensor in network.Parameters.Tensors) Assert.Contains(tensor.Name, text);
    }

    /// <summary>CfC and LTC steps are a Scan body, so the graph does not grow with the window (written out, a
    /// 100-step LTC took ONNX Runtime about a minute to load).</summary>
    [Theory]
    [InlineData("cfc")]
    [InlineData("ltc")]
    public void LiquidRecurrentGraphsDoNotGrowWithTheWindow(string architecture)
    {
        INetwork<float> Make(int window) => architecture == "cfc"
            ? new CfcNetwork<float>(window, 5, hiddenSize: 6, backboneUnits: 10)
            : new LtcNetwork<float>(window, 5, LtcWiring.FullyConnected(5, 2, 1, seed: 1));
        var small = Make(10);
        var large = Make(100);
        small.Initialize(1);
        large.Initialize(1);
        Assert.Equal(OnnxExporter.Network(small).Nodes, OnnxExporter.Network(large).Nodes);
    }

    [Fact]
    public void HeaderDeclaresIrVersion8AndOpset17()
    {
        var network = Build("mlp-tanh");
        network.Initialize(seed: 1);
        var input = new Google.Protobuf.CodedInputStream(OnnxExporter.Network(network).ToByteArray());
        long irVersion = 0, opset = 0;
        string opsetDomain = "?";
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (Google.Protobuf.WireFormat.GetTagFieldNumber(tag))
            {
                case 1: irVersion = input.ReadInt64(); break;
                case 8:
                    var entry = new Google.Protobuf.CodedInputStream(input.ReadBytes().ToByteArray());
                    opsetDomain = "";
                    for (uint t; (t = entry.ReadTag()) != 0;)
                        if (Google.Protobuf.WireFormat.GetTagFieldNumber(t) == 2) opset = entry.ReadInt64();
                        else if (Google.Protobuf.WireFormat.GetTagFieldNumber(t) == 1) opsetDomain = entry.ReadString();
                        else entry.SkipLastField();
                    break;
                default: input.SkipLastField(); break;
            }
        }
        Assert.Equal(OnnxModel.IrVersion, irVersion);
        Assert.Equal(8, irVersion);
        Assert.Equal(17, opset);
        Assert.Equal("", opsetDomain);
    }

    [Theory]
    [InlineData("teacher-euler")]
    [InlineData("cfc-default")]
    [InlineData("lstm")]
    public void OneModelServesAnyBatch(string name)
    {
        var network = Build(name);
        network.Initialize(seed: 2);
        var bytes = OnnxExporter.Network(network).ToByteArray();
        foreach (int batch in new[] { 1, 3, 64 })
        {
            var input = OnnxRuntimeRunner.RandomWindows(batch, network.InputSize, seed: batch);
            double diff = OnnxRuntimeRunner.MaxAbsDifference(OnnxRuntimeRunner.Forward(network, input, batch),
                OnnxRuntimeRunner.Run(bytes, input, batch, network.InputSize));
            Assert.True(diff <= Tolerance, $"{name}, batch {batch}: differs by {diff:E3}");
        }
    }

    [Fact]
    public void UnknownNetworksAreRefusedByName()
    {
        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.Network(new OpaqueNetwork()));
        Assert.Contains("opaque", error.Message);
    }

    /// <summary>The networks under test. Small sizes keep the unrolled graphs quick to build and run.</summary>
    internal static INetwork<float> Build(string name) => name switch
    {
        "teacher-euler" => new PaperTeacher<float>(new PaperTeacherOptions(12, 5, EncoderWidth: 16, Hidden: 8, DecoderWidths: [10, 6])),
        "teacher-rk4" => new PaperTeacher<float>(new PaperTeacherOptions(12, 5, EncoderWidth: 16, Hidden: 8, DecoderWidths: [10, 6], Steps: 4, Solver: OdeSolver.RungeKutta4)),
        "teacher-no-dropout" => new PaperTeacher<float>(new PaperTeacherOptions(12, 5, EncoderWidth: 16, Hidden: 8, DecoderWidths: [6], Dropout: 0)),
        "student" => new EulerStudent<float>(new EulerStudentOptions(12, 5, Hidden: 6, Rank: 3, Steps: 2, EncoderWidth: 16, DecoderWidths: [10, 6])),
        "student-rank1" => new EulerStudent<float>(new EulerStudentOptions(12, 5, Hidden: 4, Rank: 1, EncoderWidth: 8, DecoderWidths: [6])),
        "mlp-relu" => new MlpNetwork<float>(new MlpOptions(12, 5, [16, 8], ActivationKind.ReLU, Dropout: 0.2)),
        "mlp-tanh" => new MlpNetwork<float>(new MlpOptions(12, 5, [16], ActivationKind.Tanh)),
        "mlp-sigmoid" => new MlpNetwork<float>(new MlpOptions(12, 5, [16], ActivationKind.Sigmoid)),
        "mlp-lecun" => new MlpNetwork<float>(new MlpOptions(12, 5, [16], ActivationKind.LeCunTanh)),
        "mlp-linear" => new MlpNetwork<float>(new MlpOptions(12, 5, [])),
        "lstm" => new LstmNetwork<float>(12, 5, hiddenSize: 6),
        "lstm-2layers-2features" => new LstmNetwork<float>(12, 5, hiddenSize: 6, layers: 2, features: 2),
        "gru" => new GruNetwork<float>(12, 5, hiddenSize: 6),
        "gru-2layers-2features" => new GruNetwork<float>(12, 5, hiddenSize: 6, layers: 2, features: 2),
        "cfc-default" => new CfcNetwork<float>(12, 5, hiddenSize: 6, CfcMode.Default, backboneUnits: 10, timeStep: 0.7),
        "cfc-no-gate" => new CfcNetwork<float>(12, 5, hiddenSize: 6, CfcMode.NoGate, backboneUnits: 10, backboneLayers: 2),
        "cfc-pure" => new CfcNetwork<float>(12, 5, hiddenSize: 6, CfcMode.Pure, backboneUnits: 10, timeStep: 0.5),
        "cfc-no-backbone" => new CfcNetwork<float>(12, 5, hiddenSize: 6, CfcMode.Default, backboneLayers: 0),
        "cfc-2features" => new CfcNetwork<float>(12, 5, hiddenSize: 6, CfcMode.Default, backboneUnits: 10, features: 2),
        "ltc-semi-implicit" => new LtcNetwork<float>(12, 5, LtcWiring.FullyConnected(7, 3, 1, seed: 2), LtcSolver.SemiImplicit, unfolds: 6),
        "ltc-euler" => new LtcNetwork<float>(12, 5, LtcWiring.FullyConnected(7, 3, 1, seed: 2), LtcSolver.ExplicitEuler, unfolds: 6),
        "ltc-ncp" => new LtcNetwork<float>(12, 5, NcpWiring.Create(2, inter: 3, command: 3, motor: 2, sensoryFanout: 2, interFanout: 2,
            recurrentCommandSynapses: 3, motorFanin: 2, seed: 4), LtcSolver.SemiImplicit, unfolds: 3, timeStep: 0.8),
        _ => throw new ArgumentException(name),
    };

    private static void Perturb(INetwork<float> network, string name)
    {
        // The explicit LTC step is stable only for small dt (gleak + sum a) / cm; keep its parameters near their start.
        OnnxRuntimeRunner.Perturb(network, seed: 3, size: name == "ltc-euler" ? 0.05 : 0.2);
    }

    private sealed class OpaqueNetwork : INetwork<float>
    {
        public string Architecture => "opaque";
        public ParameterStore<float> Parameters { get; } = new();
        public int InputSize => 3;
        public int OutputSize => 1;
        public void Initialize(int seed) { }
        public NetworkWorkspace CreateWorkspace(int maxBatch) => throw new NotSupportedException();
        public void Forward(NetworkWorkspace workspace, ReadOnlySpan<float> input, Span<float> output, int batch, bool training) => throw new NotSupportedException();
        public void Backward(NetworkWorkspace workspace, ReadOnlySpan<float> outputGradient, Span<float> parameterGradient, int batch) => throw new NotSupportedException();
    }
}
