using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Export.Onnx;

/// <summary>A <see cref="CfcCell{T}"/> as a Scan over the steps: backbone, heads and the mode's combination in the body.</summary>
internal static class CfcGraph
{
    /// <summary>The final hidden state [N, H] after every step of <paramref name="sequence"/> [S, N, F], from <paramref name="initial"/>.</summary>
    public static string Readout(OnnxGraphBuilder g, ParameterStore<float> store, CfcCell<float> cell, string sequence, string initial)
    {
        const string name = "cfc";
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

        return g.Scan(initial, cell.StateSize, sequence, cell.InputSize, (b, h, x) =>
        {
            string z = b.Concat(1, x, h);
            for (int k = 0; k < cell.BackboneLayers; k++)
                z = LayerGraph.Activation(b, ActivationKind.LeCunTanh, b.Gemm(z, backboneWeights[k], backboneBiases[k]));
            string heads = b.Gemm(z, headWeight, headBias);
            if (cell.Mode == CfcMode.Pure)
            {
                // h = A - A exp(-t (|w_tau| + |ff1|)) ff1, ff1 linear.
                string decay = b.Exp(b.Mul(b.Scalar(-t), b.Add(absTau!, b.Abs(heads))));
                return b.Sub(amplitude!, b.Mul(b.Mul(amplitude!, decay), heads));
            }
            var parts = b.SplitColumns(heads, 4);
            string ff1 = b.Tanh(parts[0]), ff2 = b.Tanh(parts[1]);
            string gate = b.Sigmoid(b.Add(b.Mul(parts[2], b.Scalar(t)), parts[3]));
            return cell.Mode == CfcMode.NoGate
                ? b.Add(ff1, b.Mul(gate, ff2))
                : b.Add(b.Mul(ff1, b.Sub(b.Scalar(1f), gate)), b.Mul(gate, ff2));
        });
    }
}
