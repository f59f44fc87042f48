using Dlnet.Baselines;
using Dlnet.Export.Onnx.Proto;
using Dlnet.Forecasting;

namespace Dlnet.Export.Onnx;

/// <summary>
/// A <see cref="WindowEncoding"/> as graph nodes around the network, so that the exported model maps raw
/// SOH windows to SOH forecasts: <see cref="Encode"/> mirrors <see cref="WindowEncoding.EncodeInputs"/>,
/// <see cref="Decode"/> mirrors <see cref="WindowEncoding.Decode"/>.
/// </summary>
internal static class EncodingGraph
{
    /// <summary>Name of the initializer that holds the residual form's quadratic extrapolation, [k, H].</summary>
    public const string QuadraticName = "encoding.quadratic";

    /// <summary>
    /// The windows [N, W] as the model reads them: themselves, or their running median (<see cref="Series.MedianFilter"/>).
    /// The k shifted copies of the window stand side by side, [N, W - k + 1, k]; TopK's (k/2 + 1)-th largest is the
    /// median of each interior window, and the first and last medians repeat at the ends, as the window slides inward there.
    /// </summary>
    public static string Filter(OnnxGraphBuilder g, WindowEncoding encoding, string window)
    {
        int k = encoding.MedianWidth, w = encoding.InputLength;
        if (k == 0) return window;
        int m = w - k + 1, half = k / 2;
        var shifted = Enumerable.Range(0, k).Select(s => g.Unsqueeze(g.Columns(window, s, s + m), 2)).ToArray();
        string stacked = g.Concat(2, shifted);
        string[] top = g.Op("TopK", [stacked, g.Int64s(half + 1)], 2,
            AttributeProto.Of("axis", 2L), AttributeProto.Of("largest", 1L), AttributeProto.Of("sorted", 1L));
        string medians = g.Squeeze(g.Op("Gather", [top[0], g.Int64s(half)], AttributeProto.Of("axis", 2L)), 2);
        string first = g.Columns(medians, 0, 1), last = g.Columns(medians, m - 1, m);
        return g.Concat(1, [.. Enumerable.Repeat(first, half), medians, .. Enumerable.Repeat(last, half)]);
    }

    /// <summary>The network input [N, W] for the windows <paramref name="window"/> [N, W] (filtered when the encoding filters).</summary>
    public static string Encode(OnnxGraphBuilder g, WindowEncoding encoding, string window)
    {
        string origin = encoding.Form == OutputForm.MinMax ? g.Scalar((float)encoding.Offset) : Last(g, encoding, window);
        return g.Div(g.Sub(window, origin), g.Scalar((float)encoding.InputScale));
    }

    /// <summary>The forecasts [N, H] from the network output <paramref name="output"/> [N, H] and the raw windows.</summary>
    public static string Decode(OnnxGraphBuilder g, WindowEncoding encoding, string window, string output)
    {
        string scaled = g.Mul(output, g.Scalar((float)encoding.OutputScale));
        string baseline = encoding.Form switch
        {
            OutputForm.MinMax => g.Scalar((float)encoding.Offset),
            OutputForm.Delta => Last(g, encoding, window),
            _ => Quadratic(g, encoding, window),
        };
        return g.Add(baseline, scaled);
    }

    // The last value of each window, [N, 1], broadcast over the row.
    private static string Last(OnnxGraphBuilder g, WindowEncoding encoding, string window) =>
        g.Columns(window, encoding.InputLength - 1, encoding.InputLength);

    /// <summary>
    /// The base, a line or quadratic through the last k values, extrapolated: x_last + (x_tail - x_last) P^T, as
    /// the polynomial baselines compute it (relative to the last value, which keeps the products small).
    /// </summary>
    private static string Quadratic(OnnxGraphBuilder g, WindowEncoding encoding, string window)
    {
        int k = encoding.TailLength, h = encoding.Horizon, w = encoding.InputLength;
        double[] p = PolynomialForecaster.ExtrapolationWeights(encoding.BaseDegree, k, h);
        // P is H x k; MatMul wants its transpose, k x H.
        var transposed = new float[k * h];
        for (int f = 0; f < h; f++)
            for (int j = 0; j < k; j++)
                transposed[j * h + f] = (float)p[f * k + j];
        string weights = g.Initializer(QuadraticName, transposed, [k, h], "least-squares line or quadratic through the last values, extrapolated over the horizon");
        string last = Last(g, encoding, window);
        string tail = g.Sub(g.Columns(window, w - k, w), last);
        return g.Add(last, g.Op("MatMul", [tail, weights]));
    }
}
