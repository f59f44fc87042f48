using Dlnet.Nn;
using Dlnet.Nn.Liquid;

namespace Dlnet.Tests.Nn;

public class LiquidOdeBlockTests
{
    private const int Hidden = 6;
    private const int Batch = 3;

    private static (LiquidOdeBlock<double> Block, ParameterStore<double> Store) Build(LiquidOdeOptions options, int seed = 1)
    {
        var store = new ParameterStore<double>();
        var block = new LiquidOdeBlock<double>(store, "ode", options);
        block.Initialize(new Random(seed));
        // Larger, uneven leak and gain than the initial constants so that the dynamics are far from linear.
        var rng = new Random(seed + 1);
        foreach (var t in new[] { block.Alpha, block.Beta })
        {
            var v = store[t];
            for (int i = 0; i < v.Length; i++) v[i] = 0.3 + rng.NextDouble();
        }
        foreach (var t in new[] { block.W, block.WDiag, block.U, block.VT })
        {
            if (t is null) continue;
            var v = store[t];
            for (int i = 0; i < v.Length; i++) v[i] *= 3;
        }
        return (block, store);
    }

    public static TheoryData<OdeSolver, LiquidCoupling, int> Cases => new()
    {
        { OdeSolver.Euler, LiquidCoupling.Dense, 3 },
        { OdeSolver.Euler, LiquidCoupling.DiagonalPlusLowRank, 1 },
        { OdeSolver.RungeKutta4, LiquidCoupling.Dense, 2 },
        { OdeSolver.RungeKutta4, LiquidCoupling.DiagonalPlusLowRank, 2 },
        { OdeSolver.Euler, LiquidCoupling.Dense, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsMatchFiniteDifferences(OdeSolver solver, LiquidCoupling coupling, int steps)
    {
        var options = new LiquidOdeOptions(Hidden, steps, 0.35, solver, coupling, Rank: coupling == LiquidCoupling.Dense ? 0 : 2);
        var (block, store) = Build(options);
        var rng = new Random(7);
        double[] Rand(int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var x0 = Rand(Batch * Hidden);
        var u = Rand(Batch);
        var g = Rand(Batch * Hidden);
        var buffers = block.CreateBuffers(Batch);
        var xT = new double[Batch * Hidden];
        double Loss()
        {
            block.Forward(buffers, x0, u, xT, Batch);
            return xT.Select((v, i) => v * g[i]).Sum();
        }

        Loss();
        var paramGrad = store.CreateBuffer();
        var dx0 = new double[x0.Length];
        var du = new double[Batch];
        block.Backward(buffers, g, dx0, du, paramGrad, Batch);

        var failures = new List<string>();
        const double step = 1e-6;
        void Check(double[] values, int k, double analytic, string name)
        {
            double saved = values[k];
            values[k] = saved + step; double lp = Loss();
            values[k] = saved - step; double lm = Loss();
            values[k] = saved;
            double numeric = (lp - lm) / (2 * step);
            double err = Math.Abs(numeric - analytic) / Math.Max(1e-6, Math.Abs(numeric) + Math.Abs(analytic));
            if (err > 1e-6) failures.Add($"{name}: analytic {analytic:G10} numeric {numeric:G10} rel {err:E2}");
        }
        foreach (var t in store.Tensors)
            for (int i = 0; i < t.Length; i++) Check(store.Array, t.Offset + i, paramGrad[t.Offset + i], $"{t.Name}[{i}]");
        for (int i = 0; i < x0.Length; i++) Check(x0, i, dx0[i], $"x0[{i}]");
        for (int i = 0; i < u.Length; i++) Check(u, i, du[i], $"u[{i}]");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(8)));
    }

    /// <summary>Explicit Euler is first order: halving the step halves the error against an RK4 reference.</summary>
    [Theory]
    [InlineData(LiquidCoupling.Dense)]
    [InlineData(LiquidCoupling.DiagonalPlusLowRank)]
    public void EulerConvergesAtFirstOrderToRungeKutta(LiquidCoupling coupling)
    {
        int rank = coupling == LiquidCoupling.Dense ? 0 : 2;
        var rng = new Random(3);
        var x0 = Enumerable.Range(0, Batch * Hidden).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] u = [0.3, -0.5, 0.9];

        double[] Solve(OdeSolver solver, int steps)
        {
            var (block, _) = Build(new LiquidOdeOptions(Hidden, steps, 1.0 / steps, solver, coupling, rank), seed: 5);
            var xT = new double[x0.Length];
            block.Forward(block.CreateBuffers(Batch), x0, u, xT, Batch);
            return xT;
        }

        var reference = Solve(OdeSolver.RungeKutta4, 512);
        // The reference itself must be far more accurate than the finest Euler solution.
        double referenceError = MaxDiff(reference, Solve(OdeSolver.RungeKutta4, 256));
        int[] steps = [8, 16, 32, 64];
        var errors = steps.Select(n => MaxDiff(Solve(OdeSolver.Euler, n), reference)).ToArray();
        Assert.True(referenceError < errors[^1] * 1e-6, $"RK4 reference error {referenceError:E2} vs Euler {errors[^1]:E2}");
        for (int i = 1; i < errors.Length; i++)
        {
            double order = Math.Log2(errors[i - 1] / errors[i]);
            Assert.InRange(order, 0.85, 1.15);
        }
    }

    [Fact]
    public void RungeKuttaIsFourthOrder()
    {
        var rng = new Random(4);
        var x0 = Enumerable.Range(0, Batch * Hidden).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] u = [0.1, 0.2, -0.7];
        double[] Solve(int steps)
        {
            var (block, _) = Build(new LiquidOdeOptions(Hidden, steps, 1.0 / steps, OdeSolver.RungeKutta4), seed: 6);
            var xT = new double[x0.Length];
            block.Forward(block.CreateBuffers(Batch), x0, u, xT, Batch);
            return xT;
        }
        var reference = Solve(1024);
        // Coarser grids are not yet in the asymptotic range; these are, and stay far above rounding.
        double e8 = MaxDiff(Solve(8), reference), e16 = MaxDiff(Solve(16), reference), e32 = MaxDiff(Solve(32), reference);
        Assert.InRange(Math.Log2(e8 / e16), 3.5, 4.5);
        Assert.InRange(Math.Log2(e16 / e32), 3.5, 4.5);
    }

    [Fact]
    public void TeacherShapedBlockHasPaperParameterCount()
    {
        var store = new ParameterStore<float>();
        _ = new LiquidOdeBlock<float>(store, "ode", LiquidOdeOptions.UnitInterval(128, 9));
        Assert.Equal(128 * 128 + 2 * 128, store.Count);
    }

    private static double MaxDiff(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
}
