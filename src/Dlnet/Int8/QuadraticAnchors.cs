using Dlnet.Baselines;

namespace Dlnet.Int8;

/// <summary>
/// The residual form's base, the least-squares line or quadratic through the last k values extrapolated over H steps
/// (q = P x, P of size H x k), factored for 16-bit integers as q - x_last = L (A (x - x_last)):
/// A (3 x k) gives the quadratic's values at three anchor steps (the first, middle and last of the horizon)
/// and L (H x 3) interpolates every step from them (Lagrange). A quadratic (a line too) is fixed by three values,
/// so the factoring is exact; the anchors are SOH changes with a physical range (unlike polynomial coefficients,
/// whose far-horizon weights amplify rounding 25-fold), and L's weights stay within about 1.25 in magnitude.
/// The rows of P sum to one, so working relative to x_last loses nothing. H x k values become 3 (k + H).
/// </summary>
internal sealed class QuadraticAnchors
{
    QuadraticAnchors(int tail, int horizon, int[] steps, double[] anchorWeights, double[] interpolation)
    {
        Tail = tail;
        Horizon = horizon;
        Steps = steps;
        AnchorWeights = anchorWeights;
        Interpolation = interpolation;
    }

    public int Tail { get; }

    public int Horizon { get; }

    /// <summary>Horizon steps (0-based) the anchors sit at.</summary>
    public int[] Steps { get; }

    public int Count => Steps.Length;

    /// <summary>A [Count, Tail] row-major: anchor i = sum_j A[i, j] (x_j - x_last) over the tail.</summary>
    public double[] AnchorWeights { get; }

    /// <summary>L [Horizon, Count] row-major: q_f - x_last = sum_i L[f, i] anchor_i.</summary>
    public double[] Interpolation { get; }

    /// <summary>The horizon steps the anchors sit at: the first, middle and last (every step of a horizon of three or less).</summary>
    public static int[] AnchorSteps(int horizon) => horizon <= 3 ? [.. Enumerable.Range(0, horizon)] : [0, (horizon - 1) / 2, horizon - 1];

    public static QuadraticAnchors Create(int degree, int tail, int horizon)
    {
        double[] p = PolynomialForecaster.ExtrapolationWeights(degree, tail, horizon);
        int[] steps = AnchorSteps(horizon);
        int n = steps.Length;
        var a = new double[n * tail];
        for (int i = 0; i < n; i++) Array.Copy(p, steps[i] * tail, a, i * tail, tail);
        var l = new double[horizon * n];
        for (int f = 0; f < horizon; f++)
        for (int i = 0; i < n; i++)
        {
            double w = 1;
            for (int m = 0; m < n; m++)
                if (m != i) w *= (double)(f - steps[m]) / (steps[i] - steps[m]);
            l[f * n + i] = w;
        }
        return new QuadraticAnchors(tail, horizon, steps, a, l);
    }

    /// <summary>The anchors of one window (its last <see cref="Tail"/> values taken), in SOH units relative to the last value.</summary>
    public void Anchors(ReadOnlySpan<double> history, Span<double> anchors)
    {
        var x = history[^Tail..];
        double last = x[^1];
        for (int i = 0; i < Count; i++)
        {
            double sum = 0;
            for (int j = 0; j < Tail; j++) sum += AnchorWeights[i * Tail + j] * (x[j] - last);
            anchors[i] = sum;
        }
    }
}
