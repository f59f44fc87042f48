using Dlnet.Architectures;
using Dlnet.Fleet;
using Dlnet.Forecasting;
using Dlnet.Optimization;
using Dlnet.Series;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Tests.Distillation;

/// <summary>
/// A small synthetic fleet, its splits, and a tiny teacher trained on it once for the whole test class
/// (a few seconds), with its targets. Windows are 100 + 100 as in the real protocol; strides are wide so
/// epochs take a fraction of a second.
/// </summary>
public sealed class DistillationFixture
{
    public const int SplitSeed = 42;

    public DistillationFixture()
    {
        Fleet = SyntheticFleet.Generate(new SyntheticFleetOptions { CellCount = 10, Seed = 3, NoiseStdDev = 0.001 });
        Splits = CellsProtocol.Split(Fleet, new CellsProtocolOptions { TrainStride = 6, EvalStride = 20, Seed = SplitSeed });
        Teacher = ForecasterTraining.Run(Fleet, Splits, SplitSeed, TeacherSettings);
        Targets = TeacherTargets.Compute(Teacher.Forecaster, Splits);
    }

    public SeriesSet Fleet { get; }

    public ProtocolSplits Splits { get; }

    public TrainedForecaster Teacher { get; }

    public TeacherTargets Targets { get; }

    public static TrainingOptions Training(int epochs, int seed = 1, int threads = 2) =>
        new() { Epochs = epochs, BatchSize = 32, LearningRate = 2e-3, Seed = seed, Threads = threads, Patience = 0 };

    public static ForecasterTrainingSettings TeacherSettings { get; } = new("teacher",
        new NetworkOptions { Hidden = 12, EncoderWidth = 24, DecoderWidths = [24, 16], Steps = 3 }, OutputForm.Residual, Training(3), "tiny-teacher");

    public static ForecasterTrainingSettings StudentSettings(int epochs = 3, int seed = 1) => new("student",
        new NetworkOptions { Hidden = 4, Rank = 2, EncoderWidth = 16, DecoderWidths = [16, 8] }, OutputForm.Residual, Training(epochs, seed), "tiny-student");
}
