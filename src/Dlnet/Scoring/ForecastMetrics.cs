namespace Dlnet.Scoring;

/// <summary>
/// Errors of forecasts against their targets over a whole horizon, pooled over windows: every window
/// and every horizon step weighs the same. Undefined values (no windows, a step beyond the horizon,
/// a zero target under MAPE) are NaN.
/// </summary>
/// <param name="Windows">Number of windows scored.</param>
/// <param name="Mae">Mean absolute error over all windows and steps: the headline number.</param>
/// <param name="Rmse">Root of the mean squared error over all windows and steps.</param>
/// <param name="Mape">Mean absolute percentage error, in percent.</param>
/// <param name="MaePerStep">MAE at each horizon step; index 0 is step 1, the first forecast value.</param>
public sealed record ForecastMetrics(int Windows, double Mae, double Rmse, double Mape, IReadOnlyList<double> MaePerStep)
{
    /// <summary>MAE at a 1-based horizon step (10 is ten steps ahead); NaN beyond the horizon.</summary>
    public double MaeAtStep(int step) => step >= 1 && step <= MaePerStep.Count ? MaePerStep[step - 1] : double.NaN;

    /// <summary>MAE ten steps ahead.</summary>
    public double MaeAt10 => MaeAtStep(10);

    /// <summary>MAE a hundred steps ahead.</summary>
    public double MaeAt100 => MaeAtStep(100);
}
