using Dlnet.Baselines;
using Dlnet.Splits;

namespace Dlnet.Forecasting;

/// <summary>
/// Turns windows in forecast units into network inputs and targets, and network outputs back into
/// forecasts, under one <see cref="OutputForm"/>. Scales are fitted on the training windows only.
/// <list type="bullet">
/// <item><c>minmax</c>: input (x - min) / range, target (y - min) / range, forecast = out x range + min.</item>
/// <item><c>delta</c>: input (x_t - x_last) / s_in, target (y_t - x_last) / s_out, forecast = x_last + out x s_out.</item>
/// <item><c>residual</c>: input as delta, target (y_t - q_t) / s_out with q the least-squares quadratic
/// through the last values, extrapolated (the <c>quadratic50</c> baseline, a <see cref="PolynomialForecaster"/>),
/// forecast = q_t + out x s_out.</item>
/// </list>
/// s_in and s_out are root-mean-square values over the training windows, so encoded inputs and targets
/// are of order one whatever the window's level.
/// </summary>
public sealed class WindowEncoding
{
    /// <summary>Values the residual form's quadratic is fitted through (fewer when the window is shorter).</summary>
    public const int DefaultTailLength = 50;

    private readonly PolynomialForecaster? _quadratic;

    /// <summary>Rebuilds a fitted encoding from its stored numbers (as in a model file).</summary>
    /// <param name="form">How windows are encoded.</param>
    /// <param name="inputLength">W: values per history.</param>
    /// <param name="horizon">H: values per forecast.</param>
    /// <param name="offset">minmax: the training minimum; unused (0) by the relative forms.</param>
    /// <param name="inputScale">minmax: the range; relative forms: s_in.</param>
    /// <param name="outputScale">minmax: the range; relative forms: s_out.</param>
    /// <param name="tailLength">residual: values the quadratic goes through; 0 otherwise.</param>
    public WindowEncoding(OutputForm form, int inputLength, int horizon, double offset, double inputScale, double outputScale, int tailLength = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        if (!(inputScale > 0) || !double.IsFinite(inputScale)) throw new ArgumentOutOfRangeException(nameof(inputScale), inputScale, "scale must be positive and finite");
        if (!(outputScale > 0) || !double.IsFinite(outputScale)) throw new ArgumentOutOfRangeException(nameof(outputScale), outputScale, "scale must be positive and finite");
        if (!double.IsFinite(offset)) throw new ArgumentOutOfRangeException(nameof(offset), offset, "offset must be finite");
        Form = form;
        InputLength = inputLength;
        Horizon = horizon;
        Offset = offset;
        InputScale = inputScale;
        OutputScale = outputScale;
        if (form == OutputForm.Residual)
        {
            if (tailLength < 3 || tailLength > inputLength)
                throw new ArgumentOutOfRangeException(nameof(tailLength), tailLength, $"the quadratic needs 3 to {inputLength} values");
            TailLength = tailLength;
            _quadratic = new PolynomialForecaster(2, tailLength, inputLength, horizon);
        }
    }

    public OutputForm Form { get; }

    public int InputLength { get; }

    public int Horizon { get; }

    public double Offset { get; }

    public double InputScale { get; }

    public double OutputScale { get; }

    public int TailLength { get; }

    /// <summary>
    /// Fits the scales of <paramref name="form"/> on <paramref name="training"/> (never on validation or
    /// report windows, so nothing about them leaks into the model).
    /// </summary>
    public static WindowEncoding Fit(OutputForm form, WindowArrays training)
    {
        if (training.Count == 0) throw new ArgumentException("cannot fit an encoding on no windows", nameof(training));
        int w = training.InputLength, h = training.Horizon;
        if (form == OutputForm.MinMax)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (double v in training.Histories) { min = Math.Min(min, v); max = Math.Max(max, v); }
            foreach (double v in training.Targets) { min = Math.Min(min, v); max = Math.Max(max, v); }
            double range = max > min ? max - min : 1.0;
            return new WindowEncoding(form, w, h, min, range, range);
        }

        int tail = form == OutputForm.Residual ? Math.Min(DefaultTailLength, w) : 0;
        // Unit scales while measuring: the encoded values are then the raw differences.
        var probe = new WindowEncoding(form, w, h, 0, 1, 1, tail);
        Span<double> baseline = h <= 1024 ? stackalloc double[h] : new double[h];
        double inSquares = 0, outSquares = 0;
        for (int k = 0; k < training.Count; k++)
        {
            var x = training.History(k);
            var y = training.Target(k);
            double last = x[^1];
            for (int t = 0; t < w - 1; t++) inSquares += (x[t] - last) * (x[t] - last);
            probe.Base(x, baseline);
            for (int t = 0; t < h; t++) outSquares += (y[t] - baseline[t]) * (y[t] - baseline[t]);
        }
        double sIn = w > 1 ? Math.Sqrt(inSquares / ((double)training.Count * (w - 1))) : 0;
        double sOut = Math.Sqrt(outSquares / ((double)training.Count * h));
        // A constant training set has nothing to scale by; keep the differences as they are.
        return new WindowEncoding(form, w, h, 0, sIn > 0 ? sIn : 1, sOut > 0 ? sOut : 1, tail);
    }

    /// <summary>What the forecast of one window is relative to, per horizon step, in forecast units: what a zero network forecasts.</summary>
    public void Base(ReadOnlySpan<double> history, Span<double> baseline)
    {
        switch (Form)
        {
            case OutputForm.MinMax: baseline[..Horizon].Fill(Offset); break;
            case OutputForm.Delta: baseline[..Horizon].Fill(history[InputLength - 1]); break;
            default: _quadratic!.Forecast(history[..InputLength], baseline[..Horizon], 1); break;
        }
    }

    /// <summary>Network inputs of <paramref name="count"/> windows (count x InputLength each side).</summary>
    public void EncodeInputs(ReadOnlySpan<double> histories, Span<float> inputs, int count)
    {
        int w = InputLength;
        for (int k = 0; k < count; k++)
        {
            var x = histories.Slice(k * w, w);
            var e = inputs.Slice(k * w, w);
            double origin = Form == OutputForm.MinMax ? Offset : x[^1];
            for (int t = 0; t < w; t++) e[t] = (float)((x[t] - origin) / InputScale);
        }
    }

    /// <summary>Network targets of <paramref name="count"/> windows: histories count x InputLength, targets and encoded count x Horizon.</summary>
    public void EncodeTargets(ReadOnlySpan<double> histories, ReadOnlySpan<double> targets, Span<float> encoded, int count)
    {
        int w = InputLength, h = Horizon;
        Span<double> baseline = h <= 1024 ? stackalloc double[h] : new double[h];
        for (int k = 0; k < count; k++)
        {
            var x = histories.Slice(k * w, w);
            var y = targets.Slice(k * h, h);
            var e = encoded.Slice(k * h, h);
            Base(x, baseline);
            for (int t = 0; t < h; t++) e[t] = (float)((y[t] - baseline[t]) / OutputScale);
        }
    }

    /// <summary>Forecasts in series units from network outputs (count x Horizon) and the histories they came from.</summary>
    public void Decode(ReadOnlySpan<double> histories, ReadOnlySpan<float> outputs, Span<double> forecasts, int count)
    {
        int w = InputLength, h = Horizon;
        for (int k = 0; k < count; k++)
        {
            var x = histories.Slice(k * w, w);
            var o = outputs.Slice(k * h, h);
            var f = forecasts.Slice(k * h, h);
            Base(x, f);
            for (int t = 0; t < h; t++) f[t] += o[t] * OutputScale;
        }
    }
}
