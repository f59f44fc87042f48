using Dlnet.Int8;
using Dlnet.Scoring;
using Dlnet.Series;

namespace Dlnet.Cli.Common;

/// <summary>The integer (int8) forecaster of a model folder, for commands that offer <c>--int8</c>.</summary>
internal static class Int8Forecasters
{
    /// <summary>
    /// The integer engine of the Euler student in <paramref name="modelFolder"/>, calibrated as the firmware is
    /// (<see cref="Int8Calibration"/>) on <paramref name="trainingData"/>, or on the data its model.json names.
    /// </summary>
    /// <exception cref="IO.DataFormatException">Not an Euler student, or its training data cannot be had.</exception>
    public static IForecaster Load(string modelFolder, SeriesSet? trainingData, string dataOption) =>
        Int8Calibration.Forecaster(modelFolder, trainingData, dataHint: dataOption);
}
