using Dlnet.Scoring;

namespace Dlnet.Baselines;

/// <summary>
/// Fits a polynomial of degree <see cref="Degree"/> by least squares through the last
/// <see cref="FitLength"/> values and extrapolates it over the horizon. The fit and the extrapolation
/// are linear in the values and the sample positions never change, so both fold into one
/// Horizon x FitLength matrix computed once: a forecast is then a matrix-vector product.
/// </summary>
public sealed class PolynomialForecaster : IForecaster
{
    // Row f holds the weights that give forecast step f + 1 from the last FitLength values.
    private readonly double[] _weights;

    public PolynomialForecaster(int degree, int fitLength, int inputLength = 100, int horizon = 100, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(degree);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        if (fitLength < degree + 1)
            throw new ArgumentOutOfRangeException(nameof(fitLength), fitLength, $"a degree-{degree} fit needs at least {degree + 1} values");
        if (fitLength > inputLength)
            throw new ArgumentOutOfRangeException(nameof(fitLength), fitLength, $"cannot fit through more values than the {inputLength} of the input");
        Degree = degree;
        FitLength = fitLength;
        InputLength = inputLength;
        Horizon = horizon;
        Name = name ?? DefaultName(degree, fitLength);
        _weights = ExtrapolationWeights(degree, fitLength, horizon);
    }

    public string Name { get; }

    public int Degree { get; }

    /// <summary>How many of the most recent values the polynomial is fitted through.</summary>
    public int FitLength { get; }

    public int InputLength { get; }

    public int Horizon { get; }

    /// <summary><c>linearK</c>, <c>quadraticK</c>, <c>cubicK</c>, else <c>polyD_K</c>.</summary>
    public static string DefaultName(int degree, int fitLength) => degree switch
    {
        1 => $"linear{fitLength}",
        2 => $"quadratic{fitLength}",
        3 => $"cubic{fitLength}",
        _ => $"poly{degree}_{fitLength}",
    };

    public void Forecast(ReadOnlySpan<double> histories, Span<double> forecasts, int count)
    {
        ForecastShape.Check(this, histories.Length, forecasts.Length, count);
        int k = FitLength;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<double> y = histories.Slice((i + 1) * InputLength - k, k);
            Span<double> output = forecasts.Slice(i * Horizon, Horizon);
            // The weights of each row sum to one (a constant is fitted exactly), so working relative to
            // the last value gives the same forecast while keeping the products small.
            double reference = y[k - 1];
            for (int f = 0; f < Horizon; f++)
            {
                ReadOnlySpan<double> row = _weights.AsSpan(f * k, k);
                double sum = 0;
                for (int j = 0; j < k; j++) sum += row[j] * (y[j] - reference);
                output[f] = reference + sum;
            }
        }
    }

    /// <summary>
    /// P (horizon x k) with forecast = P y. Positions are centred and scaled to [-1, 1] so that the
    /// Vandermonde columns are well conditioned; A = QR by modified Gram-Schmidt with a second
    /// orthogonalisation pass; the least-squares coefficients are R^-1 Q^T y, so the value at a future
    /// position with powers v is (Q R^-T v)^T y.
    /// </summary>
    internal static double[] ExtrapolationWeights(int degree, int k, int horizon)
    {
        int m = degree + 1;
        double centre = (k - 1) / 2.0;
        double scale = k > 1 ? (k - 1) / 2.0 : 1.0;

        var q = new double[k, m];
        var r = new double[m, m];
        for (int j = 0; j < k; j++)
        {
            double t = (j - centre) / scale, power = 1;
            for (int p = 0; p < m; p++) { q[j, p] = power; power *= t; }
        }
        for (int p = 0; p < m; p++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int c = 0; c < p; c++)
                {
                    double dot = 0;
                    for (int j = 0; j < k; j++) dot += q[j, c] * q[j, p];
                    r[c, p] += dot;
                    for (int j = 0; j < k; j++) q[j, p] -= dot * q[j, c];
                }
            }
            double norm = 0;
            for (int j = 0; j < k; j++) norm += q[j, p] * q[j, p];
            norm = Math.Sqrt(norm);
            r[p, p] = norm;
            for (int j = 0; j < k; j++) q[j, p] /= norm;
        }

        var weights = new double[horizon * k];
        var g = new double[m];
        for (int f = 0; f < horizon; f++)
        {
            // Forecast step f + 1 sits at position k - 1 + (f + 1).
            double t = (k + f - centre) / scale, power = 1;
            for (int p = 0; p < m; p++)
            {
                // Forward substitution for R^T g = v (R^T is lower triangular).
                double sum = power;
                for (int c = 0; c < p; c++) sum -= r[c, p] * g[c];
                g[p] = sum / r[p, p];
                power *= t;
            }
            for (int j = 0; j < k; j++)
            {
                double w = 0;
                for (int p = 0; p < m; p++) w += q[j, p] * g[p];
                weights[f * k + j] = w;
            }
        }
        return weights;
    }
}
