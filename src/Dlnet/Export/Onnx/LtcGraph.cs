using Dlnet.Nn;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Export.Onnx;

/// <summary>
/// An <see cref="LtcCell{T}"/> unrolled over steps and solver sub-steps. The positive parameters are
/// stored raw; their softplus (and the wiring mask of the synapse weights) is applied here, once, and
/// written as initializers named without the <c>_raw</c> suffix. Synapse activations are computed for
/// all [pre, post] pairs at once as a broadcast [N, pre, 1] - [pre, post] and reduced over pre.
/// </summary>
internal static class LtcGraph
{
    private const float Epsilon = 1e-8f;

    /// <summary>The motor neurons' output map applied to the potentials after every step: [N, motor].</summary>
    public static string Readout(OnnxGraphBuilder g, ParameterStore<float> store, LtcCell<float> cell, IReadOnlyList<string> steps)
    {
        const string name = "ltc";
        var wiring = cell.Wiring;
        int n = wiring.Neurons;
        string P(string suffix) => g.Parameter(store, store.Find($"{name}.{suffix}"));
        string Positive(string suffix, ReadOnlySpan<sbyte> mask)
        {
            var tensor = store.Find($"{name}.{suffix}_raw");
            var raw = store[tensor];
            var values = new float[raw.Length];
            for (int i = 0; i < values.Length; i++)
                values[i] = mask.IsEmpty || mask[i] != 0 ? CellMath.Softplus(raw[i]) : 0f;
            return g.Initializer($"{name}.{suffix}", values, [.. tensor.Shape.Select(d => (long)d)],
                $"softplus({tensor.Name}){(mask.IsEmpty ? "" : " times the wiring mask")}");
        }

        string cm = Positive("cm", []), gleak = Positive("gleak", []);
        string w = Positive("w", wiring.Recurrent), sensoryW = Positive("sensory_w", wiring.SensoryPolarity);
        string vleak = P("vleak"), sigma = P("sigma"), mu = P("mu"), erev = P("erev");
        string sensorySigma = P("sensory_sigma"), sensoryMu = P("sensory_mu"), sensoryErev = P("sensory_erev");
        string inputW = P("input_w"), inputB = P("input_b");
        string dt = g.Scalar((float)(cell.TimeStep / cell.Unfolds));
        bool semiImplicit = cell.Solver == LtcSolver.SemiImplicit;
        // Per-neuron constants of the update, as the cell computes them element by element.
        string rate = semiImplicit ? g.Div(cm, dt) : g.Div(dt, cm);

        string v = g.Zeros(steps[0], n);
        foreach (string x in steps)
        {
            string mapped = g.Add(g.Mul(x, inputW), inputB);
            var (sensoryNum, sensoryDen) = Synapses(g, mapped, sensoryMu, sensorySigma, sensoryW, sensoryErev);
            for (int u = 0; u < cell.Unfolds; u++)
            {
                var (recurrentNum, recurrentDen) = Synapses(g, v, mu, sigma, w, erev);
                string num = g.Add(sensoryNum, recurrentNum), den = g.Add(sensoryDen, recurrentDen);
                if (semiImplicit)
                {
                    // v' = (cm/dt v + gleak vleak + num) / (cm/dt + gleak + den + eps)
                    string numerator = g.Add(g.Add(g.Mul(rate, v), g.Mul(gleak, vleak)), num);
                    string denominator = g.Add(g.Add(g.Add(rate, gleak), den), g.Scalar(Epsilon));
                    v = g.Div(numerator, denominator);
                }
                else
                {
                    // v' = v + dt/cm (gleak (vleak - v) + num - den v)
                    string f = g.Sub(g.Add(g.Mul(gleak, g.Sub(vleak, v)), num), g.Mul(den, v));
                    v = g.Add(v, g.Mul(rate, f));
                }
            }
        }
        string motor = wiring.Motor == n ? v : g.Columns(v, 0, wiring.Motor);
        return g.Add(g.Mul(motor, P("output_w")), P("output_b"));
    }

    /// <summary>
    /// a = w sigmoid(sigma (pre - mu)) over [N, pre, post]; returns (sum_pre a E, sum_pre a), each [N, post].
    /// </summary>
    private static (string Num, string Den) Synapses(OnnxGraphBuilder g, string pre, string mu, string sigma, string w, string erev)
    {
        string s = g.Sigmoid(g.Mul(g.Sub(g.Unsqueeze(pre, 2), mu), sigma));
        string a = g.Mul(s, w);
        return (g.ReduceSum(g.Mul(a, erev), 1), g.ReduceSum(a, 1));
    }
}
