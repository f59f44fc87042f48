using Dlnet.Scoring;

namespace Dlnet.Baselines;

/// <summary>
/// Persistence: the last observed value, held over the whole horizon. The floor any forecaster must
/// clear; on a slowly falling series its error grows linearly with the step.
/// </summary>
public sealed class LastValueForecaster : IForecaster
{
    public LastValueForecaster(int inputLength = 100, int horizon = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        InputLength = inputLength;
        Horizon = horizon;
    }

    public string Name => "last";

    public int InputLength { get; }

    public int Horizon { get; }

    public void Forecast(ReadOnlySpan<double> histories, Span<double> forecasts, int count)
    {
        ForecastShape.Check(this, histories.Length, forecasts.Length, count);
        for (int i = 0; i < count; i++)
            forecasts.Slice(i * Horizon, Horizon).Fill(histories[(i + 1) * InputLength - 1]);
    }
}
