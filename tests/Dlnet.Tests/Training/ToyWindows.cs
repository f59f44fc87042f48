using Dlnet.Splits;

namespace Dlnet.Tests.Training;

/// <summary>Windows of smooth fading curves with noise, like small ageing series, for training tests.</summary>
internal static class ToyWindows
{
    /// <summary>count windows of inputLength + horizon steps from 1 - a t - b t^2 + noise, with a, b and the start drawn from <paramref name="seed"/>.</summary>
    public static WindowArrays Make(int count, int inputLength, int horizon, int seed, double noise = 0.001)
    {
        var rng = new Random(seed);
        var x = new double[count * inputLength];
        var y = new double[count * horizon];
        for (int k = 0; k < count; k++)
        {
            double a = 2e-4 + 4e-4 * rng.NextDouble();
            double b = 1e-6 * rng.NextDouble();
            double start = rng.Next(0, 500);
            for (int t = 0; t < inputLength + horizon; t++)
            {
                double s = start + t;
                double v = 1.0 - a * s - b * s * s + noise * (rng.NextDouble() * 2 - 1);
                if (t < inputLength) x[k * inputLength + t] = v;
                else y[k * horizon + t - inputLength] = v;
            }
        }
        return new WindowArrays(x, y, count, inputLength, horizon);
    }
}
