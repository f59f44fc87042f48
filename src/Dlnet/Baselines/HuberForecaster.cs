using Dlnet.Scoring;
using Dlnet.Series;

namespace Dlnet.Baselines;

/// <summary>
/// A polynomial of degree <see cref="Degree"/> through the last <see cref="FitLength"/> values, fitted with
/// Huber's loss by iteratively reweighted least squares, and extrapolated over the horizon. Residuals within
/// <see cref="Tuning"/> robust standard deviations count fully, larger ones with weight falling as one over
/// their size, so a spike or a dip pulls the fit by a bounded amount where it bends a least-squares fit
/// without bound. The scale is re-estimated at each step from the median absolute residual.
/// </summary>
public sealed class HuberForecaster : IForecaster
{
    /// <summary>Huber's constant: 95% of the efficiency of least squares on Gaussian noise.</summary>
    public const double Tuning = 1.345;

    /// <summary>Most reweighting steps; the fit usually settles in a few dozen.</summary>
    public const int MaxIterations = 100;

    // Median absolute deviation to standard deviation under Gaussian noise.
    private const double MadToSigma = 1.482602218505602;

    public HuberForecaster(int degree, int fitLength, int inputLength = 100, int horizon = 100)
    {
        if (degree is < 0 or > 3) throw new ArgumentOutOfRangeException(nameof(degree), degree, "degree 0 to 3");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        if (fitLength < degree + 2)
            throw new ArgumentOutOfRangeException(nameof(fitLength), fitLength, $"a robust degree-{degree} fit needs at least {degree + 2} values");
        if (fitLength > inputLength)
            throw new ArgumentOutOfRangeException(nameof(fitLength), fitLength, $"cannot fit through more values than the {inputLength} of the input");
        Degree = degree;
        FitLength = fitLength;
        InputLength = inputLength;
        Horizon = horizon;
    }

    /// <summary><c>huberlinearK</c>, <c>huberquadraticK</c>, ...</summary>
    public string Name => "huber" + PolynomialForecaster.DefaultName(Degree, FitLength);

    public int Degree { get; }

    /// <summary>How many of the most recent values the polynomial is fitted through.</summary>
    public int FitLength { get; }

    public int InputLength { get; }

    public int Horizon { get; }

    public void Forecast(ReadOnlySpan<double> histories, Span<double> forecasts, int count)
    {
        ForecastShape.Check(this, histories.Length, forecasts.Length, count);
        int k = FitLength, m = Degree + 1;
        var fit = new Workspace(k, m);
        double centre = (k - 1) / 2.0, scale = (k - 1) / 2.0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<double> y = histories.Slice((i + 1) * InputLength - k, k);
            // Relative to the last value, as the least-squares forecaster works, to keep the sums small.
            double reference = y[k - 1];
            for (int j = 0; j < k; j++) fit.Values[j] = y[j] - reference;
            Fit(fit);
            Span<double> output = forecasts.Slice(i * Horizon, Horizon);
            for (int f = 0; f < Horizon; f++) output[f] = reference + Evaluate(fit.Coefficients, (k + f - centre) / scale);
        }
    }

    /// <summary>
    /// Fits the polynomial to <see cref="Workspace.Values"/> at positions scaled to [-1, 1]: least squares first,
    /// then Huber reweighting until the coefficients stop moving or the residuals of over half the values vanish.
    /// </summary>
    private static void Fit(Workspace w)
    {
        int k = w.Positions.Length;
        Array.Fill(w.Weights, 1.0);
        WeightedLeastSquares(w);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            double largest = 0;
            for (int j = 0; j < k; j++)
            {
                w.Residuals[j] = Math.Abs(w.Values[j] - Evaluate(w.Coefficients, w.Positions[j]));
                largest = Math.Max(largest, Math.Abs(w.Values[j]));
            }
            w.Residuals.CopyTo(w.Sorted, 0);
            double sigma = MadToSigma * Median.Of(w.Sorted);
            // Over half the values lie on the curve: the rest are outliers the fit already ignores.
            if (sigma <= 1e-15 * (1 + largest)) return;
            double cut = Tuning * sigma;
            for (int j = 0; j < k; j++) w.Weights[j] = w.Residuals[j] <= cut ? 1.0 : cut / w.Residuals[j];
            w.Coefficients.CopyTo(w.Previous, 0);
            WeightedLeastSquares(w);
            double change = 0, size = 0;
            for (int p = 0; p < w.Coefficients.Length; p++)
            {
                change = Math.Max(change, Math.Abs(w.Coefficients[p] - w.Previous[p]));
                size = Math.Max(size, Math.Abs(w.Coefficients[p]));
            }
            if (change <= 1e-11 * (1 + size)) return;
        }
    }

    /// <summary>Solves the weighted normal equations (at most 4 x 4, positions in [-1, 1]) by elimination with partial pivoting.</summary>
    private static void WeightedLeastSquares(Workspace w)
    {
        int m = w.Coefficients.Length, k = w.Positions.Length;
        double[,] a = w.Normal;
        Array.Clear(a);
        for (int j = 0; j < k; j++)
        {
            double weight = w.Weights[j], t = w.Positions[j], tr = 1;
            for (int r = 0; r < m; r++, tr *= t)
            {
                double tc = tr;
                for (int c = 0; c < m; c++, tc *= t) a[r, c] += weight * tc;
                a[r, m] += weight * tr * w.Values[j];
            }
        }
        for (int col = 0; col < m; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < m; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            for (int c = 0; c <= m; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (int r = col + 1; r < m; r++)
            {
                double factor = a[r, col] / a[col, col];
                for (int c = col; c <= m; c++) a[r, c] -= factor * a[col, c];
            }
        }
        for (int r = m - 1; r >= 0; r--)
        {
            double sum = a[r, m];
            for (int c = r + 1; c < m; c++) sum -= a[r, c] * w.Coefficients[c];
            w.Coefficients[r] = sum / a[r, r];
        }
    }

    private static double Evaluate(double[] coefficients, double t)
    {
        double y = 0;
        for (int p = coefficients.Length - 1; p >= 0; p--) y = y * t + coefficients[p];
        return y;
    }

    /// <summary>Buffers of one forecast call, reused window after window.</summary>
    private sealed class Workspace
    {
        public Workspace(int k, int m)
        {
            Positions = new double[k];
            for (int j = 0; j < k; j++) Positions[j] = (j - (k - 1) / 2.0) / ((k - 1) / 2.0);
            Values = new double[k];
            Weights = new double[k];
            Residuals = new double[k];
            Sorted = new double[k];
            Coefficients = new double[m];
            Previous = new double[m];
            Normal = new double[m, m + 1];
        }

        public double[] Positions { get; }
        public double[] Values { get; }
        public double[] Weights { get; }
        public double[] Residuals { get; }
        public double[] Sorted { get; }
        public double[] Coefficients { get; }
        public double[] Previous { get; }
        public double[,] Normal { get; }
    }
}
