using Dlnet.Nn;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Export.Onnx;

/// <summary>
/// An <see cref="LtcCell{T}"/> as a Scan over the steps, each step's solver sub-steps written out in the body. The positive parameters are
/// stored raw; their softplus (and the wiring mask of the synapse weights) is applied here, once, and
/// written as initializers named without the <c>_raw</c> suffix. Synapse activations are computed for
/// all [pre, post] pairs at once as a broadcast [N, pre, 1] - [pre, post] and reduced over pre.
/// </summary>
internal static class LtcGraph
{
    private const float Epsilon = 1e-8f;

    /// <summary>The motor neurons' output map applied to the potentials after every step: [N, motor].</summary>
    public static string Readout(OnnxGraphBuilder g, ParameterStore<float> store, LtcCell<float> cell, string sequence, string initial)
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

        string final = g.Scan(initial, n, sequence, wiring.Sensory, (b, v, x) =>
        {
            string mapped = b.Add(b.Mul(x, inputW), inputB);
            var (sensoryNum, sensoryDen) = Synapses(b, mapped, sensoryMu, sensorySigma, sensoryW, sensoryErev);
            for (int u = 0; u < cell.Unfolds; u++)
            {
                var (recurrentNum, recurrentDen) = Synapses(b, v, mu, sigma, w, erev);
                string num = b.Add(sensoryNum, recurrentNum), den = b.Add(sensoryDen, recurrentDen);
                if (semiImplicit)
                {
                    // v' = (cm/dt v + gleak vleak + num) / (cm/dt + gleak + den + eps)
                    string numerator = b.Add(b.Add(b.Mul(rate, v), b.Mul(gleak, vleak)), num);
                    string denominator = b.Add(b.Add(b.Add(rate, gleak), den), b.Scalar(Epsilon));
                    v = b.Div(numerator, denominator);
                }
                else
                {
                    // v' = v + dt/cm (gleak (vleak - v) + num - den v)
                    string f = b.Sub(b.Add(b.Mul(gleak, b.Sub(vleak, v)), num), b.Mul(den, v));
                    v = b.Add(v, b.Mul(rate, f));
                }
            }
            return v;
        });
        string motor = wiring.Motor == n ? final : g.Columns(final, 0, wiring.Motor);
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
