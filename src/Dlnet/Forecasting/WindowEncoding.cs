using Dlnet.Baselines;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Forecasting;

/// <summary>
/// Turns windows in forecast units into network inputs and targets, and network outputs back into
/// forecasts, under one <see cref="OutputForm"/>. Scales are fitted on the training windows only.
/// <list type="bullet">
/// <item><c>minmax</c>: input (x - min) / range, target (y - min) / range, forecast = out x range + min.</item>
/// <item><c>delta</c>: input (x_t - x_last) / s_in, target (y_t - x_last) / s_out, forecast = x_last + out x s_out.</item>
/// <item><c>residual</c>: input as delta, target (y_t - q_t) / s_out with q the base: the least-squares line or
/// quadratic through the last values, extrapolated (a <see cref="PolynomialForecaster"/>), the one of
/// <see cref="BaseCandidates"/> that forecasts the validation windows best; forecast = q_t + out x s_out.</item>
/// </list>
/// s_in and s_out are root-mean-square values over the training windows, so encoded inputs and targets
/// are of order one whatever the window's level.
/// <para>
/// The relative forms may first pass the window through a running median (<see cref="MedianWidth"/>, see
/// <see cref="MedianFilter"/>): measured capacity has spikes and dips that a least-squares base and the network
/// would otherwise follow. Whether to, is chosen with the base on the validation windows; everything after the
/// filter (x_last, the base, the inputs) reads the filtered window.
/// </para>
/// </summary>
public sealed class WindowEncoding
{
    /// <summary>
    /// The bases the residual form chooses from, as (degree, values fitted through): lines and quadratics
    /// through the last 50 and 100 values. Each is linear in the window, so the integer engine computes any
    /// of them exactly from three anchors. On smoothed curves the quadratic through 50 wins; on measured,
    /// noisy capacity a longer fit averages the noise away, so the choice is made on the data. Fits through
    /// fewer values are left out although they can extrapolate smooth validation curves better: a quadratic
    /// through 20 values extrapolated 100 steps multiplies the noise of its inputs many times over, and a
    /// model trained on such a base fails on measured cells (test1 MAE 0.0236 on the measured set, against
    /// 0.0066 with the quadratic through 50, for the same model trained on the smoothed set).
    /// </summary>
    public static IReadOnlyList<(int Degree, int TailLength)> BaseCandidates { get; } =
        [(1, 50), (1, 100), (2, 50), (2, 100)];

    /// <summary>
    /// The running medians the relative forms choose from: none, or over 5 values, which removes a spike or dip of up
    /// to two cycles and leaves a smooth, monotone stretch exactly as it is.
    /// </summary>
    public static IReadOnlyList<int> MedianCandidates { get; } = [0, 5];

    private readonly PolynomialForecaster? _base;

    /// <summary>Rebuilds a fitted encoding from its stored numbers (as in a model file).</summary>
    /// <param name="form">How windows are encoded.</param>
    /// <param name="inputLength">W: values per history.</param>
    /// <param name="horizon">H: values per forecast.</param>
    /// <param name="offset">minmax: the training minimum; unused (0) by the relative forms.</param>
    /// <param name="inputScale">minmax: the range; relative forms: s_in.</param>
    /// <param name="outputScale">minmax: the range; relative forms: s_out.</param>
    /// <param name="tailLength">residual: values the base is fitted through; 0 otherwise.</param>
    /// <param name="baseDegree">residual: 1 for a line, 2 for a quadratic.</param>
    /// <param name="medianWidth">delta, residual: width of the running median the window passes first; 0 for none.</param>
    public WindowEncoding(OutputForm form, int inputLength, int horizon, double offset, double inputScale, double outputScale, int tailLength = 0, int baseDegree = 2,
        int medianWidth = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        if (!(inputScale > 0) || !double.IsFinite(inputScale)) throw new ArgumentOutOfRangeException(nameof(inputScale), inputScale, "scale must be positive and finite");
        if (!(outputScale > 0) || !double.IsFinite(outputScale)) throw new ArgumentOutOfRangeException(nameof(outputScale), outputScale, "scale must be positive and finite");
        if (!double.IsFinite(offset)) throw new ArgumentOutOfRangeException(nameof(offset), offset, "offset must be finite");
        if (!MedianFilter.IsValidWidth(medianWidth, inputLength) || (form == OutputForm.MinMax && medianWidth != 0))
            throw new ArgumentOutOfRangeException(nameof(medianWidth), medianWidth, $"the relative forms take a running median of 0 (none) or an odd width from 3 to {Math.Min(MedianFilter.MaxWidth, inputLength)}; minmax none");
        Form = form;
        InputLength = inputLength;
        MedianWidth = medianWidth;
        Horizon = horizon;
        Offset = offset;
        InputScale = inputScale;
        OutputScale = outputScale;
        if (form == OutputForm.Residual)
        {
            if (baseDegree is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(baseDegree), baseDegree, "the base is a line (1) or a quadratic (2)");
            if (tailLength < 3 || tailLength > inputLength)
                throw new ArgumentOutOfRangeException(nameof(tailLength), tailLength, $"the base needs 3 to {inputLength} values");
            TailLength = tailLength;
            BaseDegree = baseDegree;
            _base = new PolynomialForecaster(baseDegree, tailLength, inputLength, horizon);
        }
    }

    public OutputForm Form { get; }

    public int InputLength { get; }

    public int Horizon { get; }

    public double Offset { get; }

    public double InputScale { get; }

    public double OutputScale { get; }

    public int TailLength { get; }

    /// <summary>residual: degree of the base (1 or 2); 0 otherwise.</summary>
    public int BaseDegree { get; }

    /// <summary>Width of the running median every window passes first; 0 for none.</summary>
    public int MedianWidth { get; }

    /// <summary>
    /// Fits the scales of <paramref name="form"/> on <paramref name="training"/>; the relative forms' running median
    /// and the residual form's base are the candidates with the lowest MAE on <paramref name="validation"/> (on the
    /// training windows when there are none). Report windows are never looked at, so nothing about them leaks into the model.
    /// </summary>
    public static WindowEncoding Fit(OutputForm form, WindowArrays training, WindowArrays? validation = null)
    {
        if (training.Count == 0) throw new ArgumentException("cannot fit an encoding on no windows", nameof(training));
        int w = training.InputLength, h = training.Horizon;
        if (form == OutputForm.MinMax)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int k = 0; k < training.Count; k++)
                foreach (double v in training.History(k)) { min = Math.Min(min, v); max = Math.Max(max, v); }
            for (int k = 0; k < training.Count; k++)
                foreach (double v in training.Target(k)) { min = Math.Min(min, v); max = Math.Max(max, v); }
            double range = max > min ? max - min : 1.0;
            return new WindowEncoding(form, w, h, min, range, range);
        }

        var (median, degree, tail) = ChooseBase(form, validation is { Count: > 0 } ? validation : training);
        // Unit scales while measuring: the encoded values are then the raw differences.
        var probe = new WindowEncoding(form, w, h, 0, 1, 1, tail, Math.Max(degree, 1), median);
        Span<double> baseline = h <= 1024 ? stackalloc double[h] : new double[h];
        Span<double> filtered = w <= 1024 ? stackalloc double[w] : new double[w];
        double inSquares = 0, outSquares = 0;
        for (int k = 0; k < training.Count; k++)
        {
            var x = probe.Filter(training.History(k), filtered);
            var y = training.Target(k);
            double last = x[^1];
            for (int t = 0; t < w - 1; t++) inSquares += (x[t] - last) * (x[t] - last);
            probe.Base(x, baseline);
            for (int t = 0; t < h; t++) outSquares += (y[t] - baseline[t]) * (y[t] - baseline[t]);
        }
        double sIn = w > 1 ? Math.Sqrt(inSquares / ((double)training.Count * (w - 1))) : 0;
        double sOut = Math.Sqrt(outSquares / ((double)training.Count * h));
        // A constant training set has nothing to scale by; keep the differences as they are.
        return new WindowEncoding(form, w, h, 0, sIn > 0 ? sIn : 1, sOut > 0 ? sOut : 1, tail, Math.Max(degree, 1), median);
    }

    /// <summary>
    /// The running median (of <see cref="MedianCandidates"/>) and, for the residual form, the base (of
    /// <see cref="BaseCandidates"/>) whose base forecasts have the lowest mean absolute error on <paramref name="windows"/>;
    /// the first of equals, so no filter unless it helps. minmax: (0, 0, 0); delta: (median, 0, 0).
    /// </summary>
    public static (int MedianWidth, int Degree, int TailLength) ChooseBase(OutputForm form, WindowArrays windows) => ChooseBase(form, windows, null)!.Value;

    /// <summary>As <see cref="ChooseBase(OutputForm, WindowArrays)"/> among the front ends <paramref name="admits"/> takes (median, degree, tail); null when it takes none.</summary>
    static (int MedianWidth, int Degree, int TailLength)? ChooseBase(OutputForm form, WindowArrays windows, Func<(int Median, int Degree, int Tail), bool>? admits)
    {
        if (form == OutputForm.MinMax) return (0, 0, 0);
        int w = windows.InputLength, h = windows.Horizon;
        var bases = form == OutputForm.Delta
            ? [(0, 0)]
            : BaseCandidates.Select(c => (c.Degree, Math.Min(c.TailLength, w))).Where(c => c.Item2 >= 3).Distinct().ToArray();
        var baseline = new double[h];
        var filtered = new double[w];
        (int, int, int)? best = null;
        double bestMae = double.PositiveInfinity;
        foreach (int median in MedianCandidates.Where(m => MedianFilter.IsValidWidth(m, w)))
            foreach (var (degree, length) in bases)
            {
                if (admits is not null && !admits((median, degree, length))) continue;
                var candidate = new WindowEncoding(form, w, h, 0, 1, 1, length, Math.Max(degree, 1), median);
                double mae = 0;
                for (int k = 0; k < windows.Count; k++)
                {
                    candidate.Base(windows.History(k), baseline, filtered);
                    var y = windows.Target(k);
                    for (int t = 0; t < h; t++) mae += Math.Abs(baseline[t] - y[t]);
                }
                if (best is null || mae < bestMae) { bestMae = mae; best = (median, degree, length); }
            }
        return best;
    }

    /// <summary>
    /// This encoding with another front end: the running median and the residual form's base of
    /// <see cref="ChooseBase(OutputForm, WindowArrays)"/> on <paramref name="windows"/>, the scales kept. For fine-tuning on data measured
    /// otherwise; the network then learns what the new base leaves, in the units it knows.
    /// </summary>
    /// <param name="windows">The windows the front end is chosen on.</param>
    /// <param name="admits">Which front ends may be chosen (a device budget, say); null: all. This encoding itself when it admits none.</param>
    public WindowEncoding WithFrontEndFor(WindowArrays windows, Func<WindowEncoding, bool>? admits = null)
    {
        if (windows.InputLength != InputLength || windows.Horizon != Horizon)
            throw new ArgumentException($"the encoding maps {InputLength} -> {Horizon} values but the windows are {windows.InputLength} + {windows.Horizon}", nameof(windows));
        if (Form == OutputForm.MinMax || windows.Count == 0) return this;
        WindowEncoding With((int Median, int Degree, int Tail) c) => WithFrontEnd(c.Median, c.Degree, c.Tail);
        return ChooseBase(Form, windows, admits is null ? null : c => admits(With(c))) is { } chosen ? With(chosen) : this;
    }

    /// <summary>This encoding with the front end given (running median, residual base's degree and tail), the scales kept.</summary>
    public WindowEncoding WithFrontEnd(int medianWidth, int baseDegree, int tailLength) =>
        new(Form, InputLength, Horizon, Offset, InputScale, OutputScale, tailLength, Math.Max(baseDegree, 1), medianWidth);

    /// <summary>The window as the model reads it: <paramref name="history"/> itself, or its running median written to <paramref name="buffer"/> (W values).</summary>
    public ReadOnlySpan<double> Filter(ReadOnlySpan<double> history, Span<double> buffer)
    {
        if (MedianWidth == 0) return history[..InputLength];
        MedianFilter.Apply(history[..InputLength], buffer[..InputLength], MedianWidth);
        return buffer[..InputLength];
    }

    /// <summary>What the forecast of one window is relative to, per horizon step, in forecast units: what a zero network forecasts.</summary>
    public void Base(ReadOnlySpan<double> history, Span<double> baseline)
    {
        Span<double> buffer = MedianWidth == 0 ? [] : InputLength <= 1024 ? stackalloc double[InputLength] : new double[InputLength];
        Base(history, baseline, buffer);
    }

    /// <summary>As <see cref="Base(ReadOnlySpan{double}, Span{double})"/> with a caller's buffer of W values for the filtered window.</summary>
    void Base(ReadOnlySpan<double> history, Span<double> baseline, Span<double> buffer) => BaseOfFiltered(Filter(history, buffer), baseline);

    /// <summary>The base of a window already filtered.</summary>
    void BaseOfFiltered(ReadOnlySpan<double> x, Span<double> baseline)
    {
        switch (Form)
        {
            case OutputForm.MinMax: baseline[..Horizon].Fill(Offset); break;
            case OutputForm.Delta: baseline[..Horizon].Fill(x[InputLength - 1]); break;
            default: _base!.Forecast(x, baseline[..Horizon], 1); break;
        }
    }

    /// <summary>Network inputs of <paramref name="count"/> windows (count x InputLength each side).</summary>
    public void EncodeInputs(ReadOnlySpan<double> histories, Span<float> inputs, int count)
    {
        int w = InputLength;
        Span<double> buffer = MedianWidth == 0 ? [] : w <= 1024 ? stackalloc double[w] : new double[w];
        for (int k = 0; k < count; k++)
        {
            var x = Filter(histories.Slice(k * w, w), buffer);
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
        Span<double> buffer = MedianWidth == 0 ? [] : w <= 1024 ? stackalloc double[w] : new double[w];
        for (int k = 0; k < count; k++)
        {
            var x = histories.Slice(k * w, w);
            var y = targets.Slice(k * h, h);
            var e = encoded.Slice(k * h, h);
            Base(x, baseline, buffer);
            for (int t = 0; t < h; t++) e[t] = (float)((y[t] - baseline[t]) / OutputScale);
        }
    }

    /// <summary>Forecasts in series units from network outputs (count x Horizon) and the histories they came from.</summary>
    public void Decode(ReadOnlySpan<double> histories, ReadOnlySpan<float> outputs, Span<double> forecasts, int count)
    {
        int w = InputLength, h = Horizon;
        Span<double> buffer = MedianWidth == 0 ? [] : w <= 1024 ? stackalloc double[w] : new double[w];
        for (int k = 0; k < count; k++)
        {
            var x = histories.Slice(k * w, w);
            var o = outputs.Slice(k * h, h);
            var f = forecasts.Slice(k * h, h);
            Base(x, f, buffer);
            for (int t = 0; t < h; t++) f[t] += o[t] * OutputScale;
        }
    }
}
