using CsCheck;
using Dlnet.Baselines;

namespace Dlnet.Tests.Baselines;

public class PolynomialForecasterTests
{
    private static double Polynomial(double[] c, double x)
    {
        double y = 0, p = 1;
        foreach (double a in c) { y += a * p; p *= x; }
        return y;
    }

    /// <summary>
    /// Least squares the slow, obvious way: normal equations, Gaussian elimination with pivoting. Positions
    /// are centred and divided by k, without which the normal equations of a cubic lose most digits.
    /// </summary>
    private static double[] ReferenceForecast(double[] history, int degree, int k, int horizon)
    {
        int m = degree + 1, n = history.Length;
        var a = new double[m, m + 1];
        for (int j = n - k; j < n; j++)
        {
            double x = Position(j - (n - k), k);
            for (int r = 0; r < m; r++)
            {
                for (int c = 0; c < m; c++) a[r, c] += Math.Pow(x, r + c);
                a[r, m] += Math.Pow(x, r) * history[j];
            }
        }
        for (int col = 0; col < m; col++)
        {
            int pivot = Enumerable.Range(col, m - col).MaxBy(r => Math.Abs(a[r, col]));
            for (int c = 0; c <= m; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (int r = 0; r < m; r++)
            {
                if (r == col) continue;
                double factor = a[r, col] / a[col, col];
                for (int c = 0; c <= m; c++) a[r, c] -= factor * a[col, c];
            }
        }
        double[] coefficients = Enumerable.Range(0, m).Select(r => a[r, m] / a[r, r]).ToArray();
        return Enumerable.Range(1, horizon).Select(s => Polynomial(coefficients, Position(k - 1 + s, k))).ToArray();
    }

    private static double Position(int i, int k) => (i - (k - 1) / 2.0) / k;

    [Fact]
    public void ExactOnPolynomialsOfItsDegreeOrLower()
    {
        var gen = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[4, 100], Gen.Double[-1, 1].Array[4]);
        gen.Sample((degree, trueDegree, k, c) =>
        {
            if (trueDegree > degree) trueDegree = degree;
            // SOH-like scale: a unit constant plus terms that stay moderate over 200 steps.
            double[] coefficients = [1 + 0.1 * c[0], 0.01 * c[1], 1e-4 * c[2], 1e-6 * c[3]];
            double[] used = coefficients[..(trueDegree + 1)];
            var f = new PolynomialForecaster(degree, k);
            double[] history = Enumerable.Range(0, 100).Select(t => Polynomial(used, t)).ToArray();
            var forecast = new double[100];
            f.Forecast(history, forecast, 1);
            for (int s = 0; s < 100; s++)
                Assert.Equal(Polynomial(used, 99 + s + 1), forecast[s], 1e-9);
        });
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 50)]
    [InlineData(3, 60)]
    [InlineData(2, 100)]
    [InlineData(1, 2)]
    public void MatchesPlainLeastSquaresOnNoisyData(int degree, int k)
    {
        var random = new Random(degree * 1000 + k);
        var f = new PolynomialForecaster(degree, k);
        const int count = 5;
        var histories = new double[count * 100];
        for (int i = 0; i < histories.Length; i++) histories[i] = 0.9 - 0.0003 * (i % 100) + 0.002 * (random.NextDouble() - 0.5);
        var forecasts = new double[count * 100];
        f.Forecast(histories, forecasts, count);
        for (int w = 0; w < count; w++)
        {
            double[] expected = ReferenceForecast(histories[(w * 100)..((w + 1) * 100)], degree, k, 100);
            for (int s = 0; s < 100; s++) Assert.Equal(expected[s], forecasts[w * 100 + s], 1e-8);
        }
    }

    [Fact]
    public void LastValueHoldsTheLastInput()
    {
        var f = new LastValueForecaster(3, 2);
        var forecasts = new double[4];
        f.Forecast([1, 2, 3, 4, 5, 6], forecasts, 2);
        Assert.Equal([3, 3, 6, 6], forecasts);
    }

    [Fact]
    public void RefusesFitsThatCannotBeMade()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialForecaster(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolynomialForecaster(1, 101));
        Assert.Throws<ArgumentException>(() => new PolynomialForecaster(1, 20).Forecast(new double[99], new double[100], 1));
        Assert.Throws<ArgumentException>(() => new PolynomialForecaster(1, 20).Forecast(new double[200], new double[199], 2));
    }
}
