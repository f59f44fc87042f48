using Dlnet.Export.Onnx.Proto;
using Dlnet.Nn;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Export.Onnx;

/// <summary>
/// ONNX forms of the recurrent networks. The window [N, W] is read as W / F steps of F features, oldest
/// first. LSTM and GRU layers map exactly onto the ONNX operators once their gate rows are put in the
/// ONNX order; CfC and LTC cells have no operator, so one step of each is written out as the body of
/// an ONNX Scan over the steps. (Writing every step out instead makes graphs of thousands of nodes for
/// a 100-step window, which ONNX Runtime takes about a minute to load.)
/// </summary>
internal static class RecurrentGraph
{
    /// <summary>The network's linear head applied to <paramref name="readout"/>, what its cells make of the window [N, readout].</summary>
    public static string Head(OnnxGraphBuilder g, RecurrentNetwork<float> network, string readout)
    {
        var store = network.Parameters;
        return g.Gemm(readout, g.Parameter(store, store.Find("head.weight")), g.Parameter(store, store.Find("head.bias")));
    }

    /// <summary>The window [N, W] as a sequence [S, N, F], the layout the recurrent operators and Scan read.</summary>
    public static string Sequence(OnnxGraphBuilder g, RecurrentNetwork<float> network, string window) =>
        g.Op("Transpose", [g.Op("Reshape", [window, g.Int64s(0, network.Steps, network.Features)])],
            AttributeProto.Of("perm", new long[] { 1, 0, 2 }));

    /// <summary>
    /// Stacked LSTM (ONNX gate order i, o, f, c; ours i, f, g, o) or GRU (ONNX z, r, h; ours r, z, n,
    /// with the reset gate applied after the recurrent product: linear_before_reset = 1). The ONNX
    /// bias is [input-side, recurrent-side]; the LSTM has one bias, so its recurrent side is zero.
    /// Returns the top layer's last hidden state [N, H].
    /// </summary>
    public static string Gated(OnnxGraphBuilder g, RecurrentNetwork<float> network, string window, string stem, int gates)
    {
        var store = network.Parameters;
        int[] order = gates == 4 ? [0, 3, 1, 2] : [1, 0, 2];
        string orderDoc = gates == 4 ? "rows reordered from i, f, g, o to the ONNX order i, o, f, c" : "rows reordered from r, z, n to the ONNX order z, r, h";
        string sequence = Sequence(g, network, window);
        string last = "";
        for (int l = 0; l < network.Layers.Count; l++)
        {
            int hidden = network.Layers[l].StateSize, inputs = network.Layers[l].InputSize;
            string name = $"{stem}{l}";
            string w = g.Initializer($"{name}.wx", Reorder(store[store.Find($"{name}.wx")], order, hidden), [1, gates * hidden, inputs], orderDoc);
            string r = g.Initializer($"{name}.wh", Reorder(store[store.Find($"{name}.wh")], order, hidden), [1, gates * hidden, hidden], orderDoc);
            var bias = new float[2 * gates * hidden];
            if (gates == 4)
            {
                Reorder(store[store.Find($"{name}.bias")], order, hidden).CopyTo(bias, 0);
            }
            else
            {
                Reorder(store[store.Find($"{name}.bx")], order, hidden).CopyTo(bias, 0);
                Reorder(store[store.Find($"{name}.bh")], order, hidden).CopyTo(bias, gates * hidden);
            }
            string b = g.Initializer($"{name}.bias", bias, [1, 2 * gates * hidden], orderDoc + "; input-side then recurrent-side bias");
            var attributes = new List<AttributeProto> { AttributeProto.Of("hidden_size", (long)hidden) };
            if (gates == 3) attributes.Add(AttributeProto.Of("linear_before_reset", 1L));
            var outputs = g.Op(gates == 4 ? "LSTM" : "GRU", [sequence, w, r, b], 2, [.. attributes]);
            sequence = g.Squeeze(outputs[0], 1);     // Y [S, 1, N, H] -> [S, N, H]
            last = g.Squeeze(outputs[1], 0);         // Y_h [1, N, H] -> [N, H]
        }
        return last;
    }

    /// <summary>Row blocks of <paramref name="hidden"/> rows each, taken in <paramref name="order"/>.</summary>
    private static float[] Reorder(ReadOnlySpan<float> rows, int[] order, int hidden)
    {
        int block = rows.Length / order.Length;
        var result = new float[rows.Length];
        for (int k = 0; k < order.Length; k++) rows.Slice(order[k] * block, block).CopyTo(result.AsSpan(k * block, block));
        return result;
    }
}
