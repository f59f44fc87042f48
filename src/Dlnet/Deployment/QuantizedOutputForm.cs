using Dlnet.Models;
using Dlnet.Quantization;

namespace Dlnet.Deployment;

/// <summary>
/// The output form of a <see cref="WindowEncoding"/> in integers: forecast = base + correction, in SOH codes.
/// The network's last layer writes its correction straight in SOH codes (its output scale is one code over
/// s_out), so the sum is <c>dlnet_add_s16</c>. The base: residual, the quadratic by two
/// <c>dlnet_fully_connected_s16</c> calls through the anchors of <see cref="QuadraticAnchors"/> (input offset
/// -x_last, output offset x_last); delta, x_last; minmax, the training minimum. The input side needs no step of
/// its own: <see cref="QuantizedInputLayer"/> takes the SOH codes with the origin as input offset.
/// Everything on this path is int16: an int8 SOH would have steps of 2.4e-3 over a 0.6 range.
/// </summary>
internal sealed class QuantizedOutputForm
{
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

    /// <summary>L [horizon, anchors] int16 per row with the anchor scales folded in (residual form), else empty.</summary>
    public required short[] InterpolationWeights { get; init; }

    public required int[] InterpolationMultipliers { get; init; }

    public required int[] InterpolationShifts { get; init; }

    /// <summary>The scale of the network output that makes one code of correction one SOH code: 2^-15 / s_out.</summary>
    public static QuantizationParams Correction(WindowEncoding encoding) => new(SohCodes.Scale / encoding.OutputScale, 0);

    public static QuantizedOutputForm Prepare(WindowEncoding encoding, QuadraticAnchors? anchors, ValueRange[] anchorRanges, QuantizationSettings settings)
    {
        short offset = encoding.Form == OutputForm.MinMax ? SohCodes.Encode(encoding.Offset) : (short)0;
        short[] a = [], l = [];
        int[] am = [], ash = [], lm = [], lsh = [];
        int tail = 0, count = 0, h = encoding.Horizon;
        if (encoding.Form == OutputForm.Residual)
        {
            if (anchors is null) throw new ArgumentException("the residual form needs its quadratic anchors", nameof(anchors));
            tail = anchors.Tail;
            count = anchors.Count;
            a = new short[count * tail];
            var aScales = new double[count];
            WeightQuantization.QuantizePerChannelInt16(a, aScales, [.. anchors.AnchorWeights.Select(v => (float)v)], count, tail);
            var anchorScales = new double[count];
            am = new int[count];
            ash = new int[count];
            for (int i = 0; i < count; i++)
            {
                // At least one SOH code of range, so that a window set without curvature still gets a scale.
                double range = Math.Max(settings.AnchorHeadroom * anchorRanges[i].AbsMax, SohCodes.Scale);
                anchorScales[i] = QuantizationParams.SymmetricInt16(range).Scale;
                (am[i], ash[i]) = FixedPoint.QuantizeMultiplier(SohCodes.Scale * aScales[i] / anchorScales[i]);
            }
            var folded = new float[h * count];
            for (int f = 0; f < h; f++)
                for (int i = 0; i < count; i++)
                    folded[f * count + i] = (float)(anchors.Interpolation[f * count + i] * anchorScales[i]);
            l = new short[h * count];
            var lScales = new double[h];
            WeightQuantization.QuantizePerChannelInt16(l, lScales, folded, h, count);
            lm = new int[h];
            lsh = new int[h];
            for (int f = 0; f < h; f++) (lm[f], lsh[f]) = FixedPoint.QuantizeMultiplier(lScales[f] / SohCodes.Scale);
        }
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
            InterpolationWeights = l,
            InterpolationMultipliers = lm,
            InterpolationShifts = lsh,
        };
    }

    /// <summary>Minus the origin the window is encoded about: -x_last for the relative forms, -minimum for minmax.</summary>
    public int InputOffset(ReadOnlySpan<short> soh) => Form == OutputForm.MinMax ? -OffsetCode : -soh[InputLength - 1];

    /// <summary>forecast = base + correction (both SOH codes); <paramref name="anchors"/> is scratch for the anchor values.</summary>
    public void Decode(ReadOnlySpan<short> soh, ReadOnlySpan<short> correction, Span<short> anchors, Span<short> forecast)
    {
        short last = soh[InputLength - 1];
        var y = forecast[..Horizon];
        switch (Form)
        {
            case OutputForm.Residual:
                FullyConnectedS16.Run(anchors[..Anchors], soh.Slice(InputLength - Tail, Tail), AnchorWeights, [], AnchorMultipliers, AnchorShifts,
                    new FullyConnectedParams(-last, 0, short.MinValue, short.MaxValue), 1, Tail, Anchors);
                FullyConnectedS16.Run(y, anchors[..Anchors], InterpolationWeights, [], InterpolationMultipliers, InterpolationShifts,
                    new FullyConnectedParams(0, last, short.MinValue, short.MaxValue), 1, Anchors, Horizon);
                break;
            case OutputForm.Delta: y.Fill(last); break;
            default: y.Fill(OffsetCode); break;
        }
        AddS16.Run(y, y, correction[..Horizon]);
    }
}
