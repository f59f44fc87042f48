using Dlnet.Baselines;
using Dlnet.Forecasting;
using Dlnet.Scoring;

namespace Dlnet.Tests.Baselines;

/// <summary>The Theil-Sen and Huber extrapolations against values worked out by hand, and against a spike.</summary>
public class RobustForecasterTests
{
    private static double[] Forecast(IForecaster f, params double[] history)
    {
        var output = new double[f.Horizon];
        f.Forecast(history, output, 1);
        return output;
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"step {i + 1}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void TheilSenTakesTheMedianSlopeAndTheMedianIntercept()
    {
        // Slopes between the pairs: -0.1 (0-1), -0.15 (0-2), -0.2 (1-2); median -0.15. What each value leaves with
        // that slope taken off: 1.0, 1.05, 1.0; median 1.0. Steps 1 and 2 sit at positions 3 and 4.
        var f = new TheilSenForecaster(3, inputLength: 3, horizon: 2);
        AssertClose([0.55, 0.40], Forecast(f, 1.0, 0.9, 0.7), 1e-14);
    }

    [Fact]
    public void TheilSenFitsOnlyTheLastValuesOfTheWindow()
    {
        // The first two values are far off the line through the last four (0.96 - 0.01 t): they are not read.
        var f = new TheilSenForecaster(4, inputLength: 6, horizon: 3);
        Assert.Equal("theilsen4", f.Name);
        AssertClose([0.92, 0.91, 0.90], Forecast(f, 5.0, -3.0, 0.96, 0.95, 0.94, 0.93), 1e-14);
    }

    [Fact]
    public void TheilSenIgnoresASpikeThatBendsTheLeastSquaresLine()
    {
        // 1, 2, 3, 4 and a spike of 50. Pair slopes: six pairs of slope 1 and four through the spike (12.25, 16, 23.5,
        // 46); the median of ten is 1. Offsets 1, 1, 1, 1, 46: median 1. So the line is 1 + t, and step 1 is 6.
        var robust = new TheilSenForecaster(5, inputLength: 5, horizon: 1);
        Assert.Equal(6.0, Forecast(robust, 1, 2, 3, 4, 50)[0], 1e-12);
        // Least squares: slope 10 through the mean 12 at t = 2, so step 1 (t = 5) is 42.
        var squares = new PolynomialForecaster(1, 5, inputLength: 5, horizon: 1);
        Assert.Equal(42.0, Forecast(squares, 1, 2, 3, 4, 50)[0], 1e-9);
    }

    [Fact]
    public void HuberIgnoresASpikeWhereLeastSquaresFollowsIt()
    {
        // 21 values on 1 - 0.01 t, the one at t = 10 raised by 1. Least squares: the spike sits at the centre, so the
        // slope stays and the level rises by 1/21; step 1 (t = 21) is 0.79 + 1/21.
        double[] history = [.. Enumerable.Range(0, 21).Select(t => 1 - 0.01 * t + (t == 10 ? 1 : 0))];
        var squares = new PolynomialForecaster(1, 21, inputLength: 21, horizon: 2);
        AssertClose([0.79 + 1 / 21.0, 0.78 + 1 / 21.0], Forecast(squares, history), 1e-12);
        // Huber: the spike's weight shrinks with the scale of the other residuals, which shrinks with its pull, so the
        // fit settles on the line through the other 20 values.
        var robust = new HuberForecaster(1, 21, inputLength: 21, horizon: 2);
        Assert.Equal("huberlinear21", robust.Name);
        AssertClose([0.79, 0.78], Forecast(robust, history), 1e-9);
    }

    [Fact]
    public void HuberBoundsButDoesNotRemoveTheHoldOfASpikeAtTheEndOfAShortWindow()
    {
        // Four zeros and a one at the last position: the last value has the most leverage on a line, the first fit's
        // residuals (0.2, 0, 0.2, 0.4, 0.4) leave it inside Huber's cut, and the fit stays near least squares (0.8 at
        // step 1), where Theil-Sen (median slope 0) ignores it. The family holds both for that reason.
        double[] history = [0, 0, 0, 0, 1];
        double huber = Forecast(new HuberForecaster(1, 5, inputLength: 5, horizon: 1), history)[0];
        Assert.InRange(huber, 0.5, 0.8);
        Assert.Equal(0.0, Forecast(new TheilSenForecaster(5, inputLength: 5, horizon: 1), history)[0], 1e-15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void HuberIsExactOnAPolynomialOfItsDegree(int degree)
    {
        // SOH-like: 0.95 - 2e-4 t (- 3e-6 t^2 for the quadratic).
        double Curve(int t) => 0.95 - 2e-4 * t - (degree == 2 ? 3e-6 * t * t : 0);
        var f = new HuberForecaster(degree, 50, inputLength: 100, horizon: 100);
        double[] history = [.. Enumerable.Range(0, 100).Select(Curve)];
        AssertClose(Enumerable.Range(100, 100).Select(Curve).ToArray(), Forecast(f, history), 1e-12);
    }

    [Theory]
    [InlineData("theilsen100")]
    [InlineData("huberlinear100")]
    [InlineData("huberquadratic100")]
    public void RobustFitsStayOnTheCurveThroughASpikeAndAStepOfNoise(string name)
    {
        // A gently curving SOH history with 1e-4 of noise, one dip of 0.03 (a failed measurement) at t = 70,
        // scored on the noise-free continuation.
        var random = new Random(11);
        bool quadratic = name.Contains("quadratic", StringComparison.Ordinal);
        double Curve(int t) => 0.97 - 1.5e-4 * t - (quadratic ? 2e-7 * t * t : 0);
        double[] history = [.. Enumerable.Range(0, 100).Select(t => Curve(t) + 1e-4 * (random.NextDouble() - 0.5) * 3.46)];
        double[] clean = (double[])history.Clone();
        history[70] -= 0.03;
        double[] truth = [.. Enumerable.Range(100, 100).Select(Curve)];

        var robust = BaselineFactory.Create(name);
        var squares = new PolynomialForecaster(quadratic ? 2 : 1, 100);
        double Mae(IForecaster f, double[] h) => Forecast(f, h).Zip(truth, (a, b) => Math.Abs(a - b)).Average();

        // The dip moves the robust forecast by far less than the noise; least squares moves by several times the noise.
        Assert.True(Math.Abs(Mae(robust, history) - Mae(robust, clean)) < 2e-5, $"{name} moved by {Mae(robust, history) - Mae(robust, clean):E2}");
        Assert.True(Mae(squares, history) - Mae(squares, clean) > 3e-4, $"least squares moved by {Mae(squares, history) - Mae(squares, clean):E2}");
        Assert.True(Mae(robust, history) < Mae(squares, history) / 3);
    }

    [Fact]
    public void ManyWindowsAtOnceMatchOneAtATime()
    {
        var random = new Random(5);
        double[] histories = [.. Enumerable.Range(0, 3 * 100).Select(i => 1 - 1e-4 * (i % 100) + 1e-3 * random.NextDouble())];
        foreach (string name in new[] { "theilsen50", "huberquadratic100" })
        {
            var f = BaselineFactory.Create(name);
            var together = new double[300];
            f.Forecast(histories, together, 3);
            for (int i = 0; i < 3; i++)
                Assert.Equal(Forecast(f, histories[(i * 100)..((i + 1) * 100)]), together[(i * 100)..((i + 1) * 100)]);
        }
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TheilSenForecaster(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TheilSenForecaster(101));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HuberForecaster(2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HuberForecaster(4, 50));
        Assert.Throws<ArgumentException>(() => new TheilSenForecaster(50).Forecast(new double[99], new double[100], 1));
        Assert.Throws<ArgumentException>(() => new HuberForecaster(1, 50).Forecast(new double[200], new double[199], 2));
    }
}
