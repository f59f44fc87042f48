using Dlnet.Optimization;

namespace Dlnet.Tests.Training;

public class LossTests
{
    public static TheoryData<string> Losses => new() { "mse", "mae", "huber" };

    [Theory]
    [MemberData(nameof(Losses))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var loss = RegressionLoss.Parse(name, huberDelta: 0.3);
        var rng = new Random(7);
        int n = 40;
        var p = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() * 2 - 1;
            // keep every error away from the kinks of MAE (0) and Huber (+-delta)
            double e;
            do e = rng.NextDouble() * 2 - 1; while (Math.Abs(e) < 0.05 || Math.Abs(Math.Abs(e) - 0.3) < 0.05);
            p[i] = y[i] + e;
        }
        double weight = 1.0 / n;
        var g = new double[n];
        loss.Accumulate<double>(p, y, g, weight);
        var scratch = new double[n];
        const double h = 1e-6;
        for (int i = 0; i < n; i++)
        {
            double saved = p[i];
            p[i] = saved + h;
            double up = loss.Accumulate<double>(p, y, scratch, weight) * weight;
            p[i] = saved - h;
            double down = loss.Accumulate<double>(p, y, scratch, weight) * weight;
            p[i] = saved;
            Assert.Equal((up - down) / (2 * h), g[i], 1e-7);
        }
    }

    [Fact]
    public void ValuesMatchTheirDefinitions()
    {
        double[] p = [1.0, -0.5, 3.0];
        double[] y = [0.0, 0.0, 0.0];
        var g = new double[3];
        Assert.Equal(1 + 0.25 + 9, new MseLoss().Accumulate<double>(p, y, g, 1.0), 1e-12);
        Assert.Equal([2.0, -1.0, 6.0], g);
        Assert.Equal(1 + 0.5 + 3, new MaeLoss().Accumulate<double>(p, y, g, 1.0), 1e-12);
        Assert.Equal([1.0, -1.0, 1.0], g);
        // delta 1: 0.5 for |e| = 1, 0.125 for 0.5, 1 * (3 - 0.5) for 3
        Assert.Equal(0.5 + 0.125 + 2.5, new HuberLoss(1.0).Accumulate<double>(p, y, g, 0.5), 1e-12);
        Assert.Equal([0.5, -0.25, 0.5], g);
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void ADivergedPredictionGivesANaNLossInsteadOfThrowing(string name)
    {
        double[] p = [double.NaN, 1.0];
        double[] y = [0.0, 0.0];
        var g = new double[2];
        Assert.True(double.IsNaN(RegressionLoss.Parse(name).Accumulate<double>(p, y, g, 1.0)));
        Assert.True(double.IsNaN(g[0]));
        Assert.False(double.IsNaN(g[1]));
    }

    [Fact]
    public void UnknownLossIsRejected() =>
        Assert.Throws<ArgumentException>(() => RegressionLoss.Parse("l3"));
}
