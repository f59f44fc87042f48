using Dlnet.Nn;
using Dlnet.Nn.Layers;

namespace Dlnet.Tests.Nn;

/// <summary>
/// Central finite-difference check of one layer's backward pass in double: every parameter and every
/// input entry, loss L = sum(g * y) for a fixed random g. Inputs within <see cref="KinkMargin"/> of a
/// ReLU kink are skipped when asked (the derivative is undefined there).
/// </summary>
public static class LayerGradientCheck
{
    public const double KinkMargin = 1e-4;

    public static (double WorstError, string Report) Run(ILayer<double> layer, ParameterStore<double> store, int batch,
        int seed, LayerPass pass, bool skipKinks = false, double step = 1e-6)
    {
        var rng = new Random(seed);
        var x = new double[batch * layer.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() * 4 - 2;
        var g = new double[batch * layer.OutputSize];
        for (int i = 0; i < g.Length; i++) g[i] = rng.NextDouble() * 2 - 1;
        var y = new double[g.Length];
        var state = new double[layer.StateSize(batch)];

        double Loss()
        {
            layer.Forward(y, x, state, batch, pass);
            double l = 0;
            for (int i = 0; i < y.Length; i++) l += g[i] * y[i];
            return l;
        }

        Loss();
        var paramGrad = store.CreateBuffer();
        var dx = new double[x.Length];
        layer.Backward(dx, paramGrad, g, x, y, state, batch);

        var lines = new List<(double Err, string Line)>();
        void Check(double[] values, int k, double analytic, string name)
        {
            double saved = values[k];
            values[k] = saved + step;
            double lp = Loss();
            values[k] = saved - step;
            double lm = Loss();
            values[k] = saved;
            double numeric = (lp - lm) / (2 * step);
            double err = Math.Abs(numeric - analytic) / Math.Max(1e-6, Math.Abs(numeric) + Math.Abs(analytic));
            lines.Add((err, $"{name}: analytic {analytic:G10} numeric {numeric:G10} rel {err:E2}"));
        }

        foreach (var tensor in store.Tensors)
            for (int i = 0; i < tensor.Length; i++)
                Check(store.Array, tensor.Offset + i, paramGrad[tensor.Offset + i], $"{tensor.Name}[{i}]");
        for (int i = 0; i < x.Length; i++)
        {
            if (skipKinks && Math.Abs(x[i]) < KinkMargin) continue;
            Check(x, i, dx[i], $"x[{i}]");
        }

        double worst = lines.Count == 0 ? 0 : lines.Max(l => l.Err);
        return (worst, string.Join(Environment.NewLine, lines.OrderByDescending(l => l.Err).Take(5).Select(l => l.Line)));
    }
}
