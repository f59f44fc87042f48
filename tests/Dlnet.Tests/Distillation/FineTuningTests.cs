using Dlnet.Forecasting;
using Dlnet.Optimization;
using Dlnet.Splits;
using Dlnet.Training;

using Distiller = Dlnet.Training.Distillation;

namespace Dlnet.Tests.Distillation;

/// <summary>Training and distillation that start from a trained network keep its encoding, whatever the new windows would fit.</summary>
public class FineTuningTests(DistillationFixture fixture) : IClassFixture<DistillationFixture>
{
    /// <summary>An encoding of the residual form with scales and base that the fixture's windows would never fit.</summary>
    private static readonly WindowEncoding Kept = new(OutputForm.Residual, 100, 100, 0, inputScale: 0.03, outputScale: 0.007, tailLength: 100, baseDegree: 1);

    private static ForecasterTrainingSettings Gentle(ForecasterTrainingSettings settings) =>
        settings with { Training = settings.Training with { Epochs = 1, LearningRate = 1e-9 } };

    [Fact]
    public void TrainingFromAGivenNetworkKeepsItsEncodingAndStartsFromItsWeights()
    {
        var fitted = WindowEncoding.Fit(OutputForm.Residual, WindowArrays.From(fixture.Splits.Train), WindowArrays.From(fixture.Splits.Validation));
        Assert.NotEqual(Kept.OutputScale, fitted.OutputScale);

        var initial = fixture.Teacher.Forecaster.Network;
        var before = initial.Parameters.Values.ToArray();
        var tuned = ForecasterTraining.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, Gentle(DistillationFixture.TeacherSettings),
            initial: initial, encoding: Kept);
        Assert.Same(Kept, tuned.Forecaster.Encoding);
        Assert.Equal(EncodingDescription(Kept), tuned.Description.Encoding);
        Assert.Equal(before, initial.Parameters.Values.ToArray()); // copied, not trained in place
        // A learning rate of 1e-9 for one epoch leaves the weights where they started, not at a fresh draw.
        var after = tuned.Forecaster.Network.Parameters.Values.ToArray();
        Assert.True(after.Zip(before).All(p => Math.Abs(p.First - p.Second) < 1e-6), "fine-tuning did not start from the given weights");
    }

    [Fact]
    public void DistillationFromAGivenStudentKeepsItsEncoding()
    {
        var student = Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, DistillationFixture.StudentSettings(epochs: 1),
            fixture.Targets, new DistillationOptions());
        var tuned = Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, Gentle(DistillationFixture.StudentSettings()),
            fixture.Targets, new DistillationOptions { QuantizationAware = true }, initial: student.Forecaster.Network, encoding: Kept);
        Assert.Same(Kept, tuned.Forecaster.Encoding);
        Assert.Equal(EncodingDescription(Kept), tuned.Description.Encoding);
        Assert.True(tuned.Description.Distillation!.FromInitial);
    }

    [Fact]
    public void AnEncodingOfAnotherFormOrWindowIsRefused()
    {
        var delta = new WindowEncoding(OutputForm.Delta, 100, 100, 0, 0.03, 0.007);
        var e = Assert.Throws<ArgumentException>(() => ForecasterTraining.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed,
            Gentle(DistillationFixture.TeacherSettings), initial: fixture.Teacher.Forecaster.Network, encoding: delta));
        Assert.Contains("form delta", e.Message);
        var shorter = new WindowEncoding(OutputForm.Residual, 50, 100, 0, 0.03, 0.007, tailLength: 50);
        Assert.Throws<ArgumentException>(() => Distiller.Run(fixture.Fleet, fixture.Splits, DistillationFixture.SplitSeed, Gentle(DistillationFixture.StudentSettings()),
            fixture.Targets, new DistillationOptions(), encoding: shorter));
    }

    private static ModelFiles.EncodingDescription EncodingDescription(WindowEncoding e) => ModelFiles.EncodingDescription.From(e);
}
