using Dlnet.Architectures;
using Dlnet.Compression;
using Dlnet.Fleet;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Nn.Networks;
using Dlnet.Optimization;
using Dlnet.Series;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Tests.Deployment;

/// <summary>A small synthetic fleet, its cells-protocol splits, and tiny students trained on it and saved as model folders.</summary>
internal static class DeploymentFixtures
{
    public const int SplitSeed = 42;

    static readonly Lazy<(string Csv, SeriesSet Series, RunSplits Splits)> Fleet = new(() =>
    {
        // Written and read back, so that dlnet deploy reading the file sees exactly what the models were trained on.
        string dir = Directory.CreateTempSubdirectory("dlnet-deploy-fleet-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } };
        string csv = Path.Combine(dir, "cells.csv");
        LongCsvWriter.Write(SyntheticFleet.Generate(new SyntheticFleetOptions { CellCount = 12, Seed = 4, NoiseStdDev = 2e-4 }), csv);
        var series = FleetLoader.Load(csv, new FleetLoadOptions());
        return (csv, series, RunSplits.Of(new SplitPlan(CellsProtocol.Name, SplitSeed), series));
    });

    /// <summary>The fleet as a long CSV file (with its metadata beside it), for the command line.</summary>
    public static string Csv => Fleet.Value.Csv;

    public static SeriesSet Series => Fleet.Value.Series;

    /// <summary>The fleet split as a model trained on it is deployed alone (the cells protocol's defaults).</summary>
    public static RunSplits RunSplits => Fleet.Value.Splits;

    public static ProtocolSplits Splits => RunSplits.Windows;

    /// <summary>
    /// A student of the given sizes trained for <paramref name="epochs"/> epochs, written to <paramref name="folder"/>; with
    /// <paramref name="medianWidth"/>, its encoding's running median is that one whatever the fit would choose.
    /// </summary>
    public static TrainedForecaster TrainStudent(string folder, NetworkOptions options, OutputForm form = OutputForm.Residual, int epochs = 2, int? medianWidth = null)
    {
        var settings = new ForecasterTrainingSettings("student", options, form,
            new TrainingOptions { Epochs = epochs, Seed = 3, Threads = 1, LearningRate = 3e-3, Patience = 0 });
        WindowEncoding? encoding = null;
        if (medianWidth is int width)
        {
            var e = WindowEncoding.Fit(form, WindowArrays.From(Splits.Train), WindowArrays.From(Splits.Validation));
            encoding = new WindowEncoding(e.Form, e.InputLength, e.Horizon, e.Offset, e.InputScale, e.OutputScale, e.TailLength, e.BaseDegree, width);
        }
        var trained = ForecasterTraining.Run(Series, Splits, SplitSeed, settings, encoding: encoding);
        ModelFile.Save(folder, trained.Description, trained.Forecaster.Network.Parameters);
        return trained;
    }

    /// <summary>
    /// Prunes a trained student with <see cref="StructuredPruner"/> (every prunable layer, ratio 0.3) and saves the
    /// smaller network with its new widths, as the compression stage does.
    /// </summary>
    public static void SavePruned(TrainedForecaster trained, string folder)
    {
        var (pruned, _) = StructuredPruner.Prune(trained.Forecaster.Network, new PruningOptions(0.3));
        var o = ((EulerStudent<float>)pruned).Options;
        var d = trained.Description with
        {
            Name = "pruned-student",
            Options = trained.Description.Options with { EncoderWidth = o.EncoderWidth, Hidden = o.Hidden, DecoderWidths = o.DecoderWidths },
            ParameterCount = pruned.Parameters.Count,
        };
        ModelFile.Save(folder, d, pruned.Parameters);
    }
}
