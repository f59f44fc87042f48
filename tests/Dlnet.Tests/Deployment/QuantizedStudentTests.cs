using Dlnet.Architectures;
using Dlnet.Baselines;
using Dlnet.Forecasting;
using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Nn.Networks;
using Dlnet.Scoring;
using Dlnet.Splits;

namespace Dlnet.Tests.Deployment;

/// <summary>
/// The integer engine against the float model it came from, without any C: forecasts agree to within a small
/// share of what the network adds to its base, in every output form and with odd widths; the plain int8 entry
/// point agrees with the float network's output; what the quantiser cannot take is refused.
/// </summary>
public sealed class QuantizedStudentTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(OutputForm.Residual, 8, 4, 2, new[] { 8 }, 1)]
    [InlineData(OutputForm.Delta, 7, 3, 2, new[] { 5, 9 }, 2)]
    [InlineData(OutputForm.MinMax, 9, 5, 3, new[] { 6 }, 1)]
    public void IntegerForecastsFollowTheFloatModel(OutputForm form, int encoder, int hidden, int rank, int[] decoder, int steps)
    {
        string dir = _folder.File($"{form}");
        DeploymentFixtures.TrainStudent(dir, new NetworkOptions { EncoderWidth = encoder, Hidden = hidden, Rank = rank, DecoderWidths = decoder, Steps = steps }, form);
        var model = ModelFile.Load(dir);
        var engine = new QuantizedForecaster(StudentQuantizer.Quantize(model, WindowArrays.From(DeploymentFixtures.Splits.Train)));

        var windows = DeploymentFixtures.Splits["test1"];
        int n = windows.Count, w = windows.InputLength, h = windows.Horizon;
        var histories = new double[n * w];
        windows.CopyInputs(0, n, histories);
        // Both on the SOH the device sees (rounded to its int16 codes), so that the comparison is of the arithmetic alone.
        for (int i = 0; i < histories.Length; i++) histories[i] = SohCodes.Decode(SohCodes.Encode(histories[i]));
        var floats = new double[n * h];
        var ints = new double[n * h];
        var bases = new double[n * h];
        model.Forecast(histories, floats, n);
        engine.Forecast(histories, ints, n);
        for (int k = 0; k < n; k++) model.Encoding.Base(histories.AsSpan(k * w, w), bases.AsSpan(k * h, h));

        // What the network adds to its base, against what quantisation changes of it.
        double correction = floats.Zip(bases, (f, b) => Math.Abs(f - b)).Average();
        double deviation = floats.Zip(ints, (f, i) => Math.Abs(f - i)).Average();
        Assert.True(deviation <= 0.05 * correction, $"{form}: integer forecasts deviate by {deviation:E3} on average, the network's correction is {correction:E3}");
        Assert.True(correction > 1e-5, $"{form}: the network adds nothing ({correction:E3}), the comparison would be empty");
    }

    [Fact]
    public void PlainInt8EntryPointFollowsTheFloatNetwork()
    {
        string dir = _folder.File("plain");
        DeploymentFixtures.TrainStudent(dir, new NetworkOptions { EncoderWidth = 8, Hidden = 4, Rank = 2, DecoderWidths = [8] });
        var model = ModelFile.Load(dir);
        var q = StudentQuantizer.Quantize(model, WindowArrays.From(DeploymentFixtures.Splits.Train));
        var windows = DeploymentFixtures.Splits["test2"];
        int w = q.InputLength, h = q.Horizon;
        var history = new double[w];
        var soh = new short[w];
        var input = new sbyte[w];
        var output = new sbyte[h];
        var encoded = new float[w];
        var network = new float[h];
        var workspace = model.Network.CreateWorkspace(1);
        double worst = 0;
        for (int k = 0; k < windows.Count; k += 7)
        {
            windows.CopyInputs(k, 1, history);
            for (int t = 0; t < w; t++) soh[t] = SohCodes.Encode(history[t]);
            q.EncodeInput(soh, input);
            q.Run(input, output);
            // The float network on the same (dequantised) int8 input.
            for (int t = 0; t < w; t++) encoded[t] = (float)q.Input.Dequantize(input[t]);
            model.Network.Forward(workspace, encoded, network, 1, training: false);
            for (int t = 0; t < h; t++) worst = Math.Max(worst, Math.Abs(q.Output.Dequantize(output[t]) - network[t]) / q.Output.Scale);
        }
        // int8 input quantisation is shared, so what remains is the int8 path's own rounding: a few output steps.
        Assert.True(worst <= 4, $"the int8 output is {worst:F2} output steps from the float network's");
    }

    [Fact]
    public void PrunedStudentsQuantiseAtTheirNewWidths()
    {
        string dir = _folder.File("trained"), prunedDir = _folder.File("pruned");
        var trained = DeploymentFixtures.TrainStudent(dir, new NetworkOptions { EncoderWidth = 12, Hidden = 6, Rank = 3, DecoderWidths = [10, 8] });
        DeploymentFixtures.SavePruned(trained, prunedDir);
        var pruned = ModelFile.Load(prunedDir);
        var q = StudentQuantizer.Quantize(pruned, WindowArrays.From(DeploymentFixtures.Splits.Train));
        var options = ((EulerStudent<float>)pruned.Network).Options;
        Assert.True(options.EncoderWidth < 12 || options.Hidden < 6, "pruning removed nothing");
        Assert.Equal(options.EncoderWidth, q.InputLayer.Outputs);
        Assert.Equal(options.Hidden, q.Liquid.Hidden);
        Assert.Equal(options.DecoderWidths!, q.Decoder.Select(b => b.Outputs));
        var test = DeploymentFixtures.Splits["test1"];
        double floatMae = Evaluator.Evaluate(pruned, test).Overall.Mae, intMae = Evaluator.Evaluate(new QuantizedForecaster(q), test).Overall.Mae;
        Assert.InRange(intMae, 0.9 * floatMae, 1.1 * floatMae);
    }

    [Fact]
    public void EveryInt8WeightIsTheCodeQuantisationAwareTrainingRoundedItTo()
    {
        // Training sees W rounded per row (FakeQuantization); the engine must run those very codes, not codes of some
        // transformed W (folding the layer norm's mean into the rows re-rounds them to codes the network never saw).
        string dir = _folder.File("codes");
        DeploymentFixtures.TrainStudent(dir, new NetworkOptions { EncoderWidth = 7, Hidden = 3, Rank = 2, DecoderWidths = [5, 6], Steps = 1 }, OutputForm.Residual);
        var model = ModelFile.Load(dir);
        var q = StudentQuantizer.Quantize(model, WindowArrays.From(DeploymentFixtures.Splits.Train));
        var graph = StudentGraph.Read(model.Network);
        void Same(Dlnet.Nn.Layers.Dense<float> dense, ReadOnlySpan<sbyte> codes)
        {
            int outputs = dense.OutputSize, inputs = dense.InputSize;
            var master = graph.Store[dense.Weight];
            var trained = new float[master.Length];
            FakeQuantization.WeightsPerChannelInt8<float>(master, trained, outputs, inputs);
            for (int o = 0; o < outputs; o++)
            {
                var row = trained.AsSpan(o * inputs, inputs);
                double scale = 0;
                foreach (float v in master.Slice(o * inputs, inputs)) scale = Math.Max(scale, Math.Abs(v));
                scale /= sbyte.MaxValue;
                for (int i = 0; i < inputs; i++) Assert.Equal(row[i], (float)(codes[o * inputs + i] * scale), 1e-6f * (float)(scale * 127));
            }
        }
        Same(graph.Encoder[0].Dense, q.InputLayer.Weights); // its first n rows; the drive's row follows
        Same(graph.Encoder[1].Dense, q.EncoderOutput.Dense.Weights);
        for (int k = 0; k < graph.Decoder.Count; k++) Same(graph.Decoder[k].Dense, q.Decoder[k].Dense.Weights);
    }

    [Fact]
    public void RefusesWhatItCannotRunInIntegers()
    {
        var train = WindowArrays.From(DeploymentFixtures.Splits.Train);
        var encoding = WindowEncoding.Fit(OutputForm.Residual, train);
        var teacher = new NetworkForecaster("teacher", ArchitectureRegistry.Named("teacher").Create<float>(new NetworkOptions { Hidden = 4, EncoderWidth = 8, DecoderWidths = [8], Steps = 2 }, 100, 100), encoding);
        var e = Assert.Throws<NotSupportedException>(() => StudentQuantizer.Quantize(teacher, train));
        Assert.Contains("integer deployment knows the student architecture, not 'teacher'", e.Message);
        // Read as a liquid encoder-decoder all the same, the teacher's dense coupling is what the engine cannot run.
        var liquid = (Dlnet.Nn.Networks.LiquidEncoderDecoder<float>)teacher.Network;
        Assert.Contains("Dense coupling", Assert.Throws<NotSupportedException>(() => StudentGraph.OfLiquid(liquid)).Message);
        var mlp = new NetworkForecaster("mlp", ArchitectureRegistry.Named("mlp").Create<float>(new NetworkOptions { Hidden = 8, Layers = 1 }, 100, 100), encoding);
        Assert.Contains("not 'mlp'", Assert.Throws<NotSupportedException>(() => StudentQuantizer.Quantize(mlp, train)).Message);
    }

    [Fact]
    public void TheAnchorsStepFollowsTheirRangeUntilTheLagrangeWeightsFillInt32()
    {
        var encoding = new WindowEncoding(OutputForm.Residual, 100, 100, 0, 0.01, 0.01, tailLength: 50);
        var anchors = QuadraticAnchors.Create(2, 50, 100);
        QuantizedOutputForm Form(double absMax)
        {
            var ranges = new ValueRange[anchors.Count];
            for (int i = 0; i < ranges.Length; i++) { ranges[i].Add(-absMax); ranges[i].Add(absMax / 3); }
            var output = new ValueRange();
            output.Add(-0.01);
            output.Add(0.01);
            return QuantizedOutputForm.Prepare(encoding, new float[100 * 2], [], 2, new QuantizationParams(0.01, 0), anchors, ranges, output,
                QuantizationSettings.Default);
        }
        double largest = anchors.Interpolation.Max(Math.Abs);

        // A small range: int16 spans it twice over (the headroom), in steps finer than a code.
        var fine = Form(0.01);
        Assert.Equal(2 * 0.01 / SohCodes.Scale / short.MaxValue, fine.AnchorStep, 1e-12);
        // A range beyond what int32 weights allow: the coarsest step whose weights still fit, which covers 0.25 SOH.
        var coarse = Form(0.2);
        Assert.True(largest * coarse.AnchorStep * Math.ScaleB(1.0, 32) <= int.MaxValue);
        Assert.True(largest * coarse.AnchorStep * Math.ScaleB(1.0, 32) > 0.999 * int.MaxValue);
        Assert.InRange(short.MaxValue * coarse.AnchorStep * SohCodes.Scale, 0.24, 0.26);
        foreach (var form in new[] { fine, coarse })
            for (int k = 0; k < anchors.Interpolation.Length; k++)
                Assert.Equal(Math.Round(anchors.Interpolation[k] * form.AnchorStep * Math.ScaleB(1.0, 32), MidpointRounding.AwayFromZero), form.Head.Interpolation[k]);
    }

    [Fact]
    public void QuadraticAnchorsReproduceTheLineAndQuadraticExtrapolations()
    {
        foreach (var (tail, horizon) in new[] { (50, 100), (3, 1), (10, 2), (5, 3), (20, 37), (100, 100) })
        foreach (int degree in new[] { 1, 2 })
        {
            var anchors = QuadraticAnchors.Create(degree, tail, horizon);
            double[] p = PolynomialForecaster.ExtrapolationWeights(degree, tail, horizon);
            for (int f = 0; f < horizon; f++)
                for (int j = 0; j < tail; j++)
                {
                    double viaAnchors = 0;
                    for (int i = 0; i < anchors.Count; i++) viaAnchors += anchors.Interpolation[f * anchors.Count + i] * anchors.AnchorWeights[i * tail + j];
                    Assert.True(Math.Abs(viaAnchors - p[f * tail + j]) < 1e-9, $"degree {degree}, tail {tail}, horizon {horizon}, step {f}, value {j}: {viaAnchors} against {p[f * tail + j]}");
                }
        }
    }

    [Fact]
    public void SohCodesRoundAndSaturate()
    {
        // SOH = 1 + code / 2^16: codes cover [0.5, 1.5) in steps of 2^-16.
        Assert.Equal(0, SohCodes.Encode(1.0));
        Assert.Equal(-6554, SohCodes.Encode(0.9)); // -6553.6
        Assert.Equal(short.MinValue, SohCodes.Encode(0.5));
        Assert.Equal(short.MaxValue, SohCodes.Encode(1.5 - 1.0 / 65536));
        Assert.Equal(short.MaxValue, SohCodes.Encode(2.5));
        Assert.Equal(short.MinValue, SohCodes.Encode(-1));
        Assert.Equal(0.5, SohCodes.Lowest);
        Assert.Equal(1.5, SohCodes.End);
        Assert.Equal("[0.5, 1.5)", SohCodes.RangeText);
        Assert.Equal(0.9, SohCodes.Decode(SohCodes.Encode(0.9)), 1.0 / 131072);
        Assert.Throws<ArgumentException>(() => SohCodes.Encode(double.NaN));
    }
}
