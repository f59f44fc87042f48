namespace Dlnet.Fleet;

/// <summary>
/// The random draws behind <see cref="SyntheticFleet"/>, all from a caller's seeded <see cref="Random"/>:
/// uniform, Gaussian, and stratified draws from a truncated log-normal.
/// </summary>
internal static class SyntheticFleetSampling
{
    public static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();

    /// <summary>Standard normal by Box-Muller; one of the pair is dropped, which keeps the stream of draws simple.</summary>
    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // (0, 1]: keeps the log finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// <paramref name="count"/> draws from a log-normal with the given median and log standard deviation, truncated
    /// to [<paramref name="min"/>, <paramref name="max"/>], one from each of <paramref name="count"/> equal-probability
    /// strata and returned in random order. A fleet of a few dozen cells then spans short and long lives as the
    /// distribution does, instead of as one lucky or unlucky draw does.
    /// </summary>
    public static double[] StratifiedTruncatedLogNormal(Random random, int count, double median, double logStdDev, double min, double max)
    {
        var draws = new double[count];
        if (logStdDev == 0)
        {
            Array.Fill(draws, Math.Clamp(median, min, max));
            return draws;
        }
        double mu = Math.Log(median);
        double lo = NormalCdf((Math.Log(min) - mu) / logStdDev);
        double hi = NormalCdf((Math.Log(max) - mu) / logStdDev);
        for (int i = 0; i < count; i++)
        {
            double u = lo + (hi - lo) * (i + random.NextDouble()) / count;
            // The approximations are good to about 1e-7, so an extreme stratum may land a hair outside.
            draws[i] = Math.Clamp(Math.Exp(mu + logStdDev * NormalQuantile(u)), min, max);
        }
        Shuffle(random, draws);
        return draws;
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public static void Shuffle<T>(Random random, T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Standard normal CDF, Abramowitz and Stegun 26.2.17: absolute error below 7.5e-8.</summary>
    public static double NormalCdf(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.2316419 * z);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double upperTail = Math.Exp(-0.5 * z * z) / Math.Sqrt(2.0 * Math.PI) * poly;
        return x >= 0 ? 1.0 - upperTail : upperTail;
    }

    /// <summary>
    /// Standard normal quantile for <paramref name="p"/> in (0, 1), P. J. Acklam's rational approximation:
    /// relative error below 1.2e-9. Infinite at 0 and 1.
    /// </summary>
    public static double NormalQuantile(double p)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        const double pLow = 0.02425;
        if (p < pLow) return Tail(Math.Sqrt(-2.0 * Math.Log(p)));
        if (p > 1 - pLow) return -Tail(Math.Sqrt(-2.0 * Math.Log(1 - p)));

        double q = p - 0.5, r = q * q;
        double num = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
            + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q;
        double den = ((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
            + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1.0;
        return num / den;

        static double Tail(double q) =>
            (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
            / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                + 3.754408661907416e+00) * q + 1.0);
    }
}
