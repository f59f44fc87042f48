using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Export.Onnx;

/// <summary>A <see cref="CfcCell{T}"/> unrolled over the steps: backbone, heads and the mode's combination per step.</summary>
internal static class CfcGraph
{
    /// <summary>The final hidden state [N, H] after every step in <paramref name="steps"/>.</summary>
    public static string Readout(OnnxGraphBuilder g, ParameterStore<float> store, CfcCell<float> cell, IReadOnlyList<string> steps)
    {
        const string name = "cfc";
        int hidden = cell.StateSize;
        float t = (float)cell.TimeStep;
        var backboneWeights = Enumerable.Range(0, cell.BackboneLayers).Select(k => g.Parameter(store, store.Find($"{name}.backbone{k}.weight"))).ToArray();
        var backboneBiases = Enumerable.Range(0, cell.BackboneLayers).Select(k => g.Parameter(store, store.Find($"{name}.backbone{k}.bias"))).ToArray();
        string headWeight = g.Parameter(store, store.Find($"{name}.heads.weight"));
        string headBias = g.Parameter(store, store.Find($"{name}.heads.bias"));
        string? amplitude = null, absTau = null;
        if (cell.Mode == CfcMode.Pure)
        {
            amplitude = g.Parameter(store, store.Find($"{name}.A"));
            absTau = g.Abs(g.Parameter(store, store.Find($"{name}.w_tau")));
        }

        string h = g.Zeros(steps[0], hidden);
        foreach (string x in steps)
        {
            string z = g.Concat(1, x, h);
            for (int k = 0; k < cell.BackboneLayers; k++)
                z = LayerGraph.Activation(g, ActivationKind.LeCunTanh, g.Gemm(z, backboneWeights[k], backboneBiases[k]));
            string heads = g.Gemm(z, headWeight, headBias);
            if (cell.Mode == CfcMode.Pure)
            {
                // h = A - A exp(-t (|w_tau| + |ff1|)) ff1, ff1 linear.
                string decay = g.Exp(g.Mul(g.Scalar(-t), g.Add(absTau!, g.Abs(heads))));
                h = g.Sub(amplitude!, g.Mul(g.Mul(amplitude!, decay), heads));
                continue;
            }
            var parts = g.SplitColumns(heads, 4);
            string ff1 = g.Tanh(parts[0]), ff2 = g.Tanh(parts[1]);
            string gate = g.Sigmoid(g.Add(g.Mul(parts[2], g.Scalar(t)), parts[3]));
            h = cell.Mode == CfcMode.NoGate
                ? g.Add(ff1, g.Mul(gate, ff2))
                : g.Add(g.Mul(ff1, g.Sub(g.Scalar(1f), gate)), g.Mul(gate, ff2));
        }
        return h;
    }
}
