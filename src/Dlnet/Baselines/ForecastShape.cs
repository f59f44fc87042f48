using Dlnet.Scoring;

namespace Dlnet.Baselines;

/// <summary>The buffer checks every <see cref="IForecaster.Forecast"/> starts with.</summary>
internal static class ForecastShape
{
    public static void Check(IForecaster forecaster, int historiesLength, int forecastsLength, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (historiesLength < count * forecaster.InputLength)
            throw new ArgumentException($"{count} histories of {forecaster.InputLength} need {count * forecaster.InputLength} values; got {historiesLength}", "histories");
        if (forecastsLength < count * forecaster.Horizon)
            throw new ArgumentException($"{count} forecasts of {forecaster.Horizon} need {count * forecaster.Horizon} values; room for {forecastsLength}", "forecasts");
    }
}
