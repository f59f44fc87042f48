using Dlnet.Forecasting;
using Dlnet.Int8;
using Dlnet.Nn.Networks;
using Dlnet.Optimization;

namespace Dlnet.Tests.Distillation;

public class QuantizationAwareTrainingTests
{
    private static (EulerStudent<float> Net, TrainingSession Session) Student()
    {
        var net = new EulerStudent<float>(new EulerStudentOptions(30, 10, Hidden: 4, Rank: 2, EncoderWidth: 12, DecoderWidths: [10, 6]));
        net.Initialize(3);
        return (net, SessionFor(net));
    }

    private static TrainingSession SessionFor(Dlnet.Nn.INetwork<float> net)
    {
        var train = Dlnet.Tests.Training.ToyWindows.Make(50, 30, 10, seed: 4);
        var encoding = WindowEncoding.Fit(OutputForm.Residual, train);
        var inputs = new float[train.Count * 30];
        var targets = new float[train.Count * 10];
        encoding.EncodeInputs(train.AllHistories(), inputs, train.Count);
        encoding.EncodeTargets(train.AllHistories(), train.AllTargets(), targets, train.Count);
        return new TrainingSession(net, encoding, new TrainingOptions(), train, inputs, targets);
    }

    [Fact]
    public void StepsSeeQuantisedWeightsAndTheOptimiserTheMasterWeights()
    {
        var (net, session) = Student();
        var master = net.Parameters.Values.ToArray();
        ITrainingHook hook = new QuantizationAwareTraining(net);
        var qat = (QuantizationAwareTraining)hook;
        Assert.Equal(["encoder.0.weight", "encoder.1.weight", "decoder.0.weight", "decoder.1.weight", "decoder.2.weight", "ode.u", "ode.vt"],
            qat.QuantizedTensors.Select(t => t.Name));

        hook.Begin(session);
        Assert.Same(qat.QuantizerOf(net.Encoder), net.Encoder.Transform);
        Assert.Same(qat.QuantizerOf(net.Decoder), net.Decoder.Transform);
        hook.BeginEpoch(0);
        Assert.Equal(master, net.Parameters.Values.ToArray()); // calibration leaves the master weights in place
        hook.BeforeBatch();
        var quantized = qat.QuantizedTensors.ToHashSet();
        foreach (var tensor in net.Parameters.Tensors)
        {
            var now = net.Parameters[tensor].ToArray();
            var was = master.AsSpan(tensor.Offset, tensor.Length).ToArray();
            if (!quantized.Contains(tensor)) { Assert.Equal(was, now); continue; }
            var expected = new float[tensor.Length];
            FakeQuantization.WeightsPerChannelInt8<float>(was, expected, tensor.Shape[0], tensor.Shape[1]);
            Assert.Equal(expected, now);
            Assert.NotEqual(was, now);
        }
        hook.BeforeStep();
        Assert.Equal(master, net.Parameters.Values.ToArray());
        hook.BeforeValidation();
        Assert.NotEqual(master, net.Parameters.Values.ToArray());
        // Ending while swapped (training failed mid-validation) still restores the master weights and detaches.
        hook.End();
        Assert.Equal(master, net.Parameters.Values.ToArray());
        Assert.Null(net.Encoder.Transform);
        Assert.Null(net.Decoder.Transform);
    }

    [Fact]
    public void ActivationRangesAreCalibratedOnTrainingWindowsAtEveryEpoch()
    {
        // The teacher holds every activation in int8, its window too, whose range is easy to check.
        var net = new PaperTeacher<float>(new PaperTeacherOptions(30, 10, EncoderWidth: 12, Hidden: 4, DecoderWidths: [10, 6]));
        net.Initialize(3);
        var session = SessionFor(net);
        ITrainingHook hook = new QuantizationAwareTraining(net, calibrationWindows: 20);
        var qat = (QuantizationAwareTraining)hook;
        hook.Begin(session);
        Assert.Null(qat.QuantizerOf(net.Encoder).ParametersAt(0));
        hook.BeginEpoch(0);
        var input = qat.QuantizerOf(net.Encoder).ParametersAt(0)!.Value;
        // The window's range: the calibration subset is 20 of the 50 windows, spread over all of them.
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < 20; i++)
            foreach (float v in session.EncodedInputs.AsSpan(i * 50 / 20 * 30, 30)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        Assert.Equal(Dlnet.Int8.QuantizationParams.FromMinMaxInt8(min, max), input);
        var decoderInput = qat.QuantizerOf(net.Decoder).ParametersAt(0)!.Value;
        // Moving the weights moves the ranges at the next epoch.
        var w = net.Parameters[net.Parameters.Find("encoder.1.weight")];
        for (int i = 0; i < w.Length; i++) w[i] *= 3;
        hook.BeginEpoch(1);
        Assert.Equal(input, qat.QuantizerOf(net.Encoder).ParametersAt(0));
        Assert.NotEqual(decoderInput, qat.QuantizerOf(net.Decoder).ParametersAt(0));
        hook.End();
    }

    [Fact]
    public void TheStudentsWindowAndTanhStayWideAsTheIntegerEngineHoldsThem()
    {
        // QuantizedStudent reads the window as int16 SOH codes and runs the encoder's tanh from Q3.12 to Q0.15:
        // training rounds only the ReLU outputs and the latent to int8, as the engine does.
        var (net, session) = Student();
        var qat = new QuantizationAwareTraining(net);
        qat.Simulate(session.EncodedInputs, session.Train.Count);
        var encoder = qat.QuantizerOf(net.Encoder);
        int layers = net.Encoder.Layers.Count;
        Assert.Null(encoder.ParametersAt(0));
        Assert.Null(encoder.ParametersAt(layers - 1));
        Assert.Null(encoder.ParametersAt(layers));
        Assert.Equal([3], encoder.CalibratedBoundaries);
        Assert.NotNull(encoder.ParametersAt(3));
        Assert.NotNull(qat.QuantizerOf(net.Decoder).ParametersAt(0));
        ((ITrainingHook)qat).End();
    }

    [Fact]
    public void SimulationRunsTheFakeQuantisedModelUntilEnded()
    {
        var (net, session) = Student();
        var master = net.Parameters.Values.ToArray();
        var x = session.EncodedInputs.AsSpan(0, 8 * 30).ToArray();
        float[] Run()
        {
            var y = new float[8 * 10];
            net.Forward(net.CreateWorkspace(8), x, y, 8, training: false);
            return y;
        }
        var before = Run();
        var qat = new QuantizationAwareTraining(net);
        qat.Simulate(session.EncodedInputs, session.Train.Count);
        var simulated = Run();
        Assert.NotEqual(before, simulated);
        double scale = before.Max(Math.Abs);
        Assert.All(before.Zip(simulated), p => Assert.True(Math.Abs(p.First - p.Second) < 0.1 * scale, $"{p.First} vs {p.Second}"));
        ((ITrainingHook)qat).End();
        Assert.Equal(master, net.Parameters.Values.ToArray());
        Assert.Equal(before, Run());
    }

    [Fact]
    public void OnlyArchitecturesWithAFakeQuantisedFormAreSupported()
    {
        var mlp = new MlpNetwork<float>(new MlpOptions(10, 4, [8]));
        var e = Assert.Throws<ArgumentException>(() => new QuantizationAwareTraining(mlp));
        Assert.Contains("knows the student and teacher architectures, not 'mlp'", e.Message);
        var (net, _) = Student();
        var qat = new QuantizationAwareTraining(net);
        Assert.Throws<ArgumentException>(() => qat.QuantizerOf(new Dlnet.Nn.Layers.LayerStack<float>([new Dlnet.Nn.Layers.Activation<float>(Dlnet.Nn.Layers.ActivationKind.ReLU, 3)])));
    }
}
