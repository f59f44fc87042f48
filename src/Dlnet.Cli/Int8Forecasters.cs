using Dlnet.Forecasting;

namespace Dlnet.Cli;

/// <summary>The integer (int8) forecaster of a model folder, for commands that offer <c>--int8</c>.</summary>
internal static class Int8Forecasters
{
    /// <exception cref="InvalidOperationException">This build has no integer forecaster.</exception>
    public static IForecaster Load(string modelFolder) =>
        throw new InvalidOperationException($"--int8: the integer forecaster is not available in this build (model {modelFolder}); forecast with the float model");
}
