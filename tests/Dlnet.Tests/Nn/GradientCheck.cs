using Dlnet.Nn;

namespace Dlnet.Tests.Nn;

/// <summary>
/// Central finite-difference check of <see cref="INetwork{T}.Backward"/> in double precision. The loss is
/// L = sum(g * y) for a fixed random g, so dL/dy = g. Parameters are sampled (all of a small tensor, a
/// capped number of a large one) so whole models stay quick to check.
/// </summary>
public static class GradientCheck
{
    /// <summary>Returns the worst relative error and a description of the worst entries.</summary>
    public static (double WorstError, string Report) Run(
        INetwork<double> net, int batch, int seed, int maxPerTensor = 24, double step = 1e-6, bool training = false)
    {
        var rng = new Random(seed);
        var x = new double[batch * net.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() * 2 - 1;
        var g = new double[batch * net.OutputSize];
        for (int i = 0; i < g.Length; i++) g[i] = rng.NextDouble() * 2 - 1;

        var ws = net.CreateWorkspace(batch);
        var y = new double[batch * net.OutputSize];
        ulong dropoutSeed = (ulong)seed * 7919UL + 1;
        double Loss()
        {
            ws.Seed = dropoutSeed;
            net.Forward(ws, x, y, batch, training);
            double l = 0;
            for (int i = 0; i < y.Length; i++) l += g[i] * y[i];
            return l;
        }

        Loss();
        var grad = net.Parameters.CreateBuffer();
        net.Backward(ws, g, grad, batch);

        var values = net.Parameters.Array;
        double worst = 0;
        var lines = new List<(double Err, string Line)>();
        foreach (var tensor in net.Parameters.Tensors)
        {
            IEnumerable<int> indices = tensor.Length <= maxPerTensor
                ? Enumerable.Range(0, tensor.Length)
                : Enumerable.Range(0, maxPerTensor).Select(_ => rng.Next(tensor.Length));
            foreach (int i in indices)
            {
                int k = tensor.Offset + i;
                double saved = values[k];
                values[k] = saved + step;
                double lp = Loss();
                values[k] = saved - step;
                double lm = Loss();
                values[k] = saved;
                double numeric = (lp - lm) / (2 * step);
                double analytic = grad[k];
                double err = Math.Abs(numeric - analytic) / Math.Max(1e-6, Math.Abs(numeric) + Math.Abs(analytic));
                if (err > worst) worst = err;
                lines.Add((err, $"{tensor.Name}[{i}]: analytic {analytic:G10} numeric {numeric:G10} rel {err:E2}"));
            }
        }
        string report = string.Join(Environment.NewLine, lines.OrderByDescending(l => l.Err).Take(5).Select(l => l.Line));
        return (worst, report);
    }
}
