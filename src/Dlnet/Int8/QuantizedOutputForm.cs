using Dlnet.Forecasting;

namespace Dlnet.Int8;

/// <summary>
/// The network's output layer and the output form of a <see cref="WindowEncoding"/> in integers: forecast = base +
/// correction, in SOH codes, by one <c>dlnet_forecast_s8_s16</c> over the horizon.
/// <list type="bullet">
/// <item>Correction: the output layer's int32 sums. Its weights are int8 per row at a power-of-two scale chosen so that
/// a row's sum is in units of 2^-h SOH codes (h as large as the row's weights allow: at most one bit of resolution lost
/// against a free per-row scale), so aligning rows is a shift.</item>
/// <item>Base, residual form: the quadratic through the last values. <c>dlnet_fully_connected_s16</c> over the tail
/// (input offset -x_last) gives its values at three anchor steps (<see cref="QuadraticAnchors"/>) in steps of a fraction
/// of a code, and fixed Lagrange weights round(L step 2^32) (int32) interpolate every step. Delta: x_last; minmax: the minimum.</item>
/// <item>Sum: both terms in units of 2^-32 codes, one rounding (the high word), plus x_last (or the minimum).</item>
/// </list>
/// No per-row multiplier anywhere: with a 100-step horizon those requantisations were most of the instructions.
/// Everything on this path is 16 bits or wider: an int8 SOH would have steps of 2.4e-3 over a 0.6 range.
/// </summary>
internal sealed class QuantizedOutputForm
{
    /// <summary>The forecast's sums are in units of 2^-32 SOH codes.</summary>
    public const int SumBits = 32;

    /// <summary>Finest anchor step, in SOH codes (finer is pointless).</summary>
    const double FinestAnchorStep = 1.0 / (1 << 14);

    public required OutputForm Form { get; init; }

    public required int InputLength { get; init; }

    public required int Horizon { get; init; }

    /// <summary>minmax: the training minimum in SOH codes; 0 otherwise.</summary>
    public required short OffsetCode { get; init; }

    /// <summary>Residual form: values the quadratic goes through; 0 otherwise.</summary>
    public required int Tail { get; init; }

    public required int Anchors { get; init; }

    /// <summary>A [anchors, tail] int16 per row (residual form), else empty.</summary>
    public required short[] AnchorWeights { get; init; }

    public required int[] AnchorMultipliers { get; init; }

    public required int[] AnchorShifts { get; init; }

    /// <summary>S [anchors]: the row sums of <see cref="AnchorWeights"/>, so that sum_t A[i, t] (x_t - x_last) is computed as
    /// sum_t A[i, t] x_t - x_last S[i] (a per-window bias, no input offset in the dot product).</summary>
    public long[] AnchorWeightSums => _anchorWeightSums ??= RowSums(AnchorWeights, Anchors, Tail);

    long[]? _anchorWeightSums;

    static long[] RowSums(short[] weights, int rows, int columns)
    {
        var sums = new long[rows];
        for (int i = 0; i < rows; i++)
            foreach (short w in weights.AsSpan(i * columns, columns)) sums[i] += w;
        return sums;
    }

    /// <summary>The anchors' bias for a window ending at <paramref name="last"/>: -x_last S.</summary>
    public long[] AnchorBias(short last) => [.. AnchorWeightSums.Select(s => -last * s)];

    /// <summary>SOH codes per anchor code (residual form).</summary>
    public required double AnchorStep { get; init; }

    /// <summary>The output layer with the base: rows at power-of-two scales, row shifts 32 - h_f, the Lagrange weights round(L step 2^32).</summary>
    public required ForecastParams Head { get; init; }

    /// <summary>The same output layer without the base (the plain int8 entry point's correction).</summary>
    public ForecastParams Correction => Head with { AnchorCount = 0, Interpolation = [] };

    public int HeadInputs => Head.Inputs;

    /// <summary>int8 parameters of the plain entry point's output (the encoded correction).</summary>
    public required QuantizationParams Output { get; init; }

    /// <summary>The correction in SOH codes to the int8 output: (2^-16 / s_out) / output scale.</summary>
    public required int OutputMultiplier { get; init; }

    public required int OutputShift { get; init; }

    public static QuantizedOutputForm Prepare(WindowEncoding encoding, ReadOnlySpan<float> headWeights, ReadOnlySpan<float> headBias, int headInputs,
        QuantizationParams headInput, QuadraticAnchors? anchors, ValueRange[] anchorRanges, ValueRange output, QuantizationSettings settings)
    {
        int h = encoding.Horizon;
        short offset = encoding.Form == OutputForm.MinMax ? SohCodes.Encode(encoding.Offset) : (short)0;
        short[] a = [];
        int[] l = [], am = [], ash = [];
        int tail = 0, count = 0;
        double step = 0;
        if (encoding.Form == OutputForm.Residual)
        {
            if (anchors is null) throw new ArgumentException("the residual form needs its quadratic anchors", nameof(anchors));
            tail = anchors.Tail;
            count = anchors.Count;
            // The anchors' step: their calibrated range (with headroom) over int16, but no coarser than int32 Lagrange
            // weights round(L step 2^32) allow (anchors beyond that saturate), and no finer than 2^-14 codes.
            double range = 0;
            for (int i = 0; i < count; i++) range = Math.Max(range, settings.AnchorHeadroom * anchorRanges[i].AbsMax / SohCodes.Scale);
            double largestWeight = anchors.Interpolation.Max(Math.Abs);
            double coarsest = int.MaxValue / (largestWeight * Math.ScaleB(1.0, SumBits));
            step = Math.Min(Math.Max(range / short.MaxValue, FinestAnchorStep), coarsest);
            double anchorScale = step * SohCodes.Scale;
            a = new short[count * tail];
            var aScales = new double[count];
            WeightQuantization.QuantizePerChannelInt16(a, aScales, [.. anchors.AnchorWeights.Select(v => (float)v)], count, tail);
            am = new int[count];
            ash = new int[count];
            for (int i = 0; i < count; i++) (am[i], ash[i]) = FixedPoint.QuantizeMultiplier(SohCodes.Scale * aScales[i] / anchorScale);
            l = new int[h * count];
            for (int k = 0; k < l.Length; k++)
            {
                double v = Math.Round(Math.ScaleB(anchors.Interpolation[k] * step, SumBits), MidpointRounding.AwayFromZero);
                if (Math.Abs(v) > int.MaxValue) throw new NotSupportedException($"interpolation weight {anchors.Interpolation[k]} does not fit 32 bits");
                l[k] = (int)v;
            }
        }

        // Output-layer rows at power-of-two scales: one code of row f's sum is 2^-h_f SOH codes.
        double codePerUnit = headInput.Scale * encoding.OutputScale / SohCodes.Scale; // SOH codes per (input code x weight unit)
        var weights = new sbyte[h * headInputs];
        var bias = new int[h];
        var shifts = new byte[h];
        for (int f = 0; f < h; f++)
        {
            var row = headWeights.Slice(f * headInputs, headInputs);
            double absMax = 0;
            foreach (float v in row) absMax = Math.Max(absMax, Math.Abs((double)v));
            // The finest scale the row's weights fit at; at most 2^-32 codes, at least 2^-1 (shift at most 31).
            int hf = absMax == 0 ? SumBits : Math.Min((int)Math.Floor(-Math.Log2(absMax / sbyte.MaxValue * codePerUnit)), SumBits);
            if (hf < 1) throw new NotSupportedException($"output row {f} needs a correction range beyond 2^31 SOH codes");
            double weightScale = Math.ScaleB(1.0, -hf) / codePerUnit;
            for (int i = 0; i < headInputs; i++)
                weights[f * headInputs + i] = (sbyte)Math.Clamp(Math.Round(row[i] / weightScale, MidpointRounding.AwayFromZero), -sbyte.MaxValue, sbyte.MaxValue);
            double b = headBias.IsEmpty ? 0 : Math.Round(headBias[f] / (headInput.Scale * weightScale), MidpointRounding.AwayFromZero);
            bias[f] = (int)Math.Clamp(b, int.MinValue / 2, int.MaxValue / 2);
            shifts[f] = (byte)(SumBits - hf);
        }

        var output8 = QuantizationParams.FromMinMaxInt8(output.Min, output.Max);
        var (om, os) = FixedPoint.QuantizeMultiplier(SohCodes.Scale / encoding.OutputScale / output8.Scale);
        return new QuantizedOutputForm
        {
            Form = encoding.Form,
            InputLength = encoding.InputLength,
            Horizon = h,
            OffsetCode = offset,
            Tail = tail,
            Anchors = count,
            AnchorWeights = a,
            AnchorMultipliers = am,
            AnchorShifts = ash,
            AnchorStep = step,
            Head = new ForecastParams(headInputs, -headInput.ZeroPoint, weights, bias, shifts, count, l),
            Output = output8,
            OutputMultiplier = om,
            OutputShift = os,
        };
    }

    /// <summary>Minus the origin the window is encoded about: -x_last for the relative forms, -minimum for minmax.</summary>
    public int InputOffset(ReadOnlySpan<short> soh) => Form == OutputForm.MinMax ? -OffsetCode : -soh[InputLength - 1];

    /// <summary>forecast = base + correction in SOH codes from the last int8 activations; <paramref name="anchors"/> is scratch.</summary>
    public void Forecast(ReadOnlySpan<short> soh, ReadOnlySpan<sbyte> activations, Span<short> anchors, Span<short> forecast)
    {
        short last = soh[InputLength - 1];
        var a = anchors[..Anchors];
        if (Form == OutputForm.Residual)
            FullyConnectedS16.Run(a, soh.Slice(InputLength - Tail, Tail), AnchorWeights, AnchorBias(last), AnchorMultipliers, AnchorShifts,
                new FullyConnectedParams(0, 0, short.MinValue, short.MaxValue), 1, Tail, Anchors);
        ForecastS8S16.Run(forecast[..Horizon], activations[..HeadInputs], a, Form switch
        {
            OutputForm.MinMax => OffsetCode,
            _ => last,
        }, Head);
    }

    /// <summary>The plain entry point's int8 output: the correction in SOH codes, then requantised.</summary>
    public void Int8Output(ReadOnlySpan<sbyte> activations, Span<short> correction, Span<sbyte> output)
    {
        ForecastS8S16.Run(correction[..Horizon], activations[..HeadInputs], [], 0, Correction);
        RequantizeS16.Run(output[..Horizon], correction[..Horizon], OutputMultiplier, OutputShift, Output.ZeroPoint, sbyte.MinValue, sbyte.MaxValue);
    }
}
