using Dlnet.Architectures;
using Dlnet.Fleet;
using Dlnet.IO;
using Dlnet.ModelFiles;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Int8;

/// <summary>
/// Which windows fix a model's int8 scales, so that every path to the integer model gets the same bytes:
/// <c>dlnet deploy</c>, the firmware step of <c>dlnet run</c>, the report's int8 forecasts and
/// <c>dlnet predict --int8</c>. The scales come from <see cref="RunSplits.Calibration"/>: the training windows of
/// the protocol the model was trained under, at that protocol's default strides (every training window under
/// <c>cells</c>), on the data its <c>model.json</c> names (for a model made by <c>dlnet adapt</c>, the adaptation
/// cells' training windows); reporting windows never reach the calibration.
/// </summary>
public static class Int8Calibration
{
    /// <summary>True when the model's architecture has an integer form (and so firmware): the Euler student, pruned or not.</summary>
    public static bool HasIntegerForm(ModelDescription description) =>
        ArchitectureRegistry.Find<IIntegerArchitecture>(description.Architecture) is not null;

    /// <summary>
    /// The splits of a model folder used alone, on the data it was trained on: <paramref name="series"/> when given,
    /// else the built-in fleet or the path its <c>model.json</c> names.
    /// </summary>
    /// <param name="modelFolder">A model folder.</param>
    /// <param name="series">Its training data; null: the data its model.json names.</param>
    /// <param name="dataHint">How the caller's user gives the training data (<c>--data</c>, say), said when it is missing or differs.</param>
    /// <exception cref="DataFormatException">The training data cannot be found, differs, or cannot be split as the model was.</exception>
    public static RunSplits SplitsOf(string modelFolder, SeriesSet? series = null, string dataHint = "--data")
    {
        var description = ModelFile.ReadDescription(modelFolder);
        string modelJson = Path.Combine(modelFolder, ModelFile.DescriptionFileName);
        series ??= TrainingData(description, modelJson, dataHint);
        if (description.Data is { } d && d.Fingerprint != DataFingerprint.Compute(series))
            throw new DataFormatException(series.Source, null,
                $"not the data {description.Name} was trained on ({d.Source}): the int8 scales are calibrated on its training windows; give that data with {dataHint}");
        try { return RunSplits.Of(description.SplitPlan(), series); }
        catch (ArgumentException e) { throw new DataFormatException(modelJson, null, $"cannot split {series.Source} as {description.Name} was trained: {e.Message}"); }
    }

    /// <summary>
    /// The integer engine of the Euler student in <paramref name="modelFolder"/>, its scales fixed on
    /// <see cref="RunSplits.Calibration"/>: the one quantisation the firmware, the report and <c>--int8</c> share.
    /// </summary>
    /// <param name="modelFolder">Model folder of an architecture with an integer form.</param>
    /// <param name="splits">The splits of the data it was trained on.</param>
    /// <param name="settings">Quantisation settings (default: those of the firmware).</param>
    /// <exception cref="DataFormatException">The model has no integer form (said by the quantiser), or cannot be quantised.</exception>
    public static QuantizedStudent Quantize(string modelFolder, RunSplits splits, QuantizationSettings? settings = null)
    {
        string modelJson = Path.Combine(modelFolder, ModelFile.DescriptionFileName);
        var model = ModelFile.Load(modelFolder);
        try { return StudentQuantizer.Quantize(model, WindowArrays.From(splits.Calibration), settings); }
        catch (NotSupportedException e) { throw new DataFormatException(modelJson, null, e.Message); }
    }

    /// <summary>The integer forecaster of <see cref="Quantize"/>.</summary>
    /// <exception cref="DataFormatException">No integer form, or the model cannot be quantised.</exception>
    public static QuantizedForecaster Forecaster(string modelFolder, RunSplits splits, QuantizationSettings? settings = null) =>
        new(Quantize(modelFolder, splits, settings));

    /// <summary>
    /// The integer forecaster of a model folder used alone: refused before any data is read when it has no integer
    /// form, then calibrated on the splits of <see cref="SplitsOf"/>.
    /// </summary>
    /// <exception cref="DataFormatException">No integer form, or the training data cannot be found or differs.</exception>
    public static QuantizedForecaster Forecaster(string modelFolder, SeriesSet? series = null, string dataHint = "--data")
    {
        RequireIntegerForm(ModelFile.ReadDescription(modelFolder), Path.Combine(modelFolder, ModelFile.DescriptionFileName));
        return Forecaster(modelFolder, SplitsOf(modelFolder, series, dataHint));
    }

    static void RequireIntegerForm(ModelDescription description, string modelJson)
    {
        if (!HasIntegerForm(description))
            throw new DataFormatException(modelJson, null,
                $"the int8 path knows {ArchitectureRegistry.Listed<IIntegerArchitecture>()}; this model is a '{description.Architecture}'");
    }

    /// <summary>The built-in fleet when its fingerprint is the model's, else the file or folder the model names.</summary>
    static SeriesSet TrainingData(ModelDescription description, string modelJson, string dataHint)
    {
        if (description.Data is not { } d)
            throw new DataFormatException(modelJson, null, $"the model does not say what data it was trained on; give that data with {dataHint}");
        var builtIn = FleetSource.BuiltInFleet();
        if (DataFingerprint.Compute(builtIn) == d.Fingerprint) return builtIn;
        if (!File.Exists(d.Source) && !Directory.Exists(d.Source))
            throw new DataFormatException(modelJson, null, $"the training data ({d.Source}) is not here; give it with {dataHint}");
        return FleetLoader.Load(d.Source);
    }
}
