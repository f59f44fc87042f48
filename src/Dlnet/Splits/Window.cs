namespace Dlnet.Splits;

/// <summary>
/// One forecasting example: the input is <c>values[Start .. Start + W)</c> of series <see cref="Series"/>,
/// the target the following H values. W and H belong to the <see cref="WindowSet"/> that holds it.
/// </summary>
/// <param name="Series">Index of the series in its <see cref="Dlnet.Series.SeriesSet"/>.</param>
/// <param name="Start">0-based step of the first input value.</param>
public readonly record struct Window(int Series, int Start);
