using System.Text.Json.Serialization;

namespace Dlnet.Forecasting;

/// <summary>
/// How a network's inputs and outputs relate to the series (see docs/output-form.md).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputForm>))]
public enum OutputForm
{
    /// <summary>
    /// The published method: inputs and targets min-max scaled with one scaler fitted on the training
    /// windows; the network predicts the scaled values themselves.
    /// </summary>
    [JsonStringEnumMemberName("minmax")] MinMax,

    /// <summary>
    /// Relative to the last observed value: inputs (x_t - x_last) / s_in, targets (y_t - x_last) / s_out.
    /// A zero network forecasts "no change".
    /// </summary>
    [JsonStringEnumMemberName("delta")] Delta,

    /// <summary>
    /// A correction to a fixed classical extrapolation: inputs as <see cref="Delta"/>, targets
    /// (y_t - q_t) / s_out where q is the least-squares quadratic through the last values, extrapolated.
    /// A zero network equals that quadratic.
    /// </summary>
    [JsonStringEnumMemberName("residual")] Residual,
}

/// <summary>Names of <see cref="OutputForm"/> as on the command line and in model files.</summary>
public static class OutputForms
{
    public static string ToName(this OutputForm form) => form switch
    {
        OutputForm.MinMax => "minmax",
        OutputForm.Delta => "delta",
        OutputForm.Residual => "residual",
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
    };

    public static bool TryParse(string name, out OutputForm form)
    {
        switch (name)
        {
            case "minmax": form = OutputForm.MinMax; return true;
            case "delta": form = OutputForm.Delta; return true;
            case "residual": form = OutputForm.Residual; return true;
            default: form = default; return false;
        }
    }
}
