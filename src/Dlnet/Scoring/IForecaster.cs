namespace Dlnet.Scoring;

/// <summary>
/// Anything that turns the last <see cref="InputLength"/> values of a series into the next
/// <see cref="Horizon"/> values: classical extrapolations, float models and integer models alike, so
/// that all are scored on the same windows by the same code.
/// </summary>
public interface IForecaster
{
    /// <summary>Short name used in tables and JSON (<c>last</c>, <c>linear20</c>, <c>quadratic50</c>, a model name).</summary>
    string Name { get; }

    /// <summary>How many past values one forecast reads.</summary>
    int InputLength { get; }

    /// <summary>How many future values one forecast writes.</summary>
    int Horizon { get; }

    /// <summary>
    /// Forecasts <paramref name="count"/> windows at once. <paramref name="histories"/> holds them back to
    /// back (count x InputLength, oldest value first), <paramref name="forecasts"/> receives count x Horizon.
    /// Values are in the series' own units (SOH), not normalised.
    /// </summary>
    void Forecast(ReadOnlySpan<double> histories, Span<double> forecasts, int count);
}
