namespace Dlnet.Models;

/// <summary>
/// The least-squares quadratic through the last <see cref="TailLength"/> values of a window, extrapolated
/// over the horizon, as the fixed linear map it is: forecast = P x_tail with P of size Horizon x TailLength.
/// Precomputed once, so that applying it costs H x m multiply-adds (cheap enough for a microcontroller).
/// </summary>
public sealed class QuadraticExtrapolation
{
    private readonly double[] _matrix;

    public QuadraticExtrapolation(int tailLength, int horizon)
    {
        if (tailLength < 3) throw new ArgumentOutOfRangeException(nameof(tailLength), tailLength, "a quadratic needs at least 3 points");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        TailLength = tailLength;
        Horizon = horizon;
        _matrix = Build(tailLength, horizon);
    }

    public int TailLength { get; }

    public int Horizon { get; }

    /// <summary>Row-major Horizon x TailLength: row h gives the weights of the tail values in the forecast h+1 steps ahead.</summary>
    public ReadOnlySpan<double> Matrix => _matrix;

    /// <summary>The extrapolation h+1 steps past the end of <paramref name="history"/> (which must hold at least TailLength values).</summary>
    public double At(ReadOnlySpan<double> history, int h)
    {
        var tail = history[^TailLength..];
        var row = _matrix.AsSpan(h * TailLength, TailLength);
        double sum = 0;
        for (int j = 0; j < TailLength; j++) sum += row[j] * tail[j];
        return sum;
    }

    // Positions are relative to the last value (t = -(m-1) .. 0), future steps t = 1 .. H, all divided by m
    // so that the 3x3 normal matrix stays well conditioned. P = V (A^T A)^-1 A^T with A rows [1, t, t^2]
    // over the tail and V rows [1, t, t^2] over the horizon.
    private static double[] Build(int m, int horizon)
    {
        var ata = new double[3, 3];
        for (int j = 0; j < m; j++)
        {
            double t = (double)(j - (m - 1)) / m;
            double[] a = [1, t, t * t];
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 3; c++) ata[r, c] += a[r] * a[c];
        }
        var inv = Invert3(ata);
        var p = new double[horizon * m];
        for (int h = 0; h < horizon; h++)
        {
            double s = (double)(h + 1) / m;
            double[] v = [1, s, s * s];
            // w = v^T (A^T A)^-1, then P[h, j] = w . a_j
            double[] w = new double[3];
            for (int c = 0; c < 3; c++)
                for (int r = 0; r < 3; r++) w[c] += v[r] * inv[r, c];
            for (int j = 0; j < m; j++)
            {
                double t = (double)(j - (m - 1)) / m;
                p[h * m + j] = w[0] + w[1] * t + w[2] * t * t;
            }
        }
        return p;
    }

    private static double[,] Invert3(double[,] a)
    {
        double c00 = a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1];
        double c01 = a[1, 2] * a[2, 0] - a[1, 0] * a[2, 2];
        double c02 = a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0];
        double det = a[0, 0] * c00 + a[0, 1] * c01 + a[0, 2] * c02;
        var inv = new double[3, 3];
        inv[0, 0] = c00 / det;
        inv[1, 0] = c01 / det;
        inv[2, 0] = c02 / det;
        inv[0, 1] = (a[0, 2] * a[2, 1] - a[0, 1] * a[2, 2]) / det;
        inv[1, 1] = (a[0, 0] * a[2, 2] - a[0, 2] * a[2, 0]) / det;
        inv[2, 1] = (a[0, 1] * a[2, 0] - a[0, 0] * a[2, 1]) / det;
        inv[0, 2] = (a[0, 1] * a[1, 2] - a[0, 2] * a[1, 1]) / det;
        inv[1, 2] = (a[0, 2] * a[1, 0] - a[0, 0] * a[1, 2]) / det;
        inv[2, 2] = (a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]) / det;
        return inv;
    }
}
