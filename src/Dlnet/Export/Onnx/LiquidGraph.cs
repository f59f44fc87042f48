using Dlnet.Nn.Liquid;
using Dlnet.Nn.Networks;

namespace Dlnet.Export.Onnx;

/// <summary>
/// ONNX form of the liquid encoder-decoder (teacher and students): encoder, the ODE block unrolled over
/// its solver's steps as element-wise operators and products, the residual, decoder. Each step is
/// written in the order the C# forward pass computes it, so the two agree to float rounding.
/// </summary>
internal static class LiquidGraph
{
    public static string Network(OnnxGraphBuilder g, LiquidEncoderDecoder<float> network, string window)
    {
        var store = network.Parameters;
        string x0 = LayerGraph.Stack(g, store, network.Encoder, window);
        // The drive u is the mean of the (encoded) window, one scalar per sample: [N, 1].
        string u = g.Op("ReduceMean", [window], Proto.AttributeProto.Of("axes", new long[] { 1 }), Proto.AttributeProto.Of("keepdims", 1L));
        string xT = Ode(g, network, x0, u);
        string latent = g.Add(xT, g.Mul(g.Parameter(store, network.ResidualScale), x0));
        return LayerGraph.Stack(g, store, network.Decoder, latent);
    }

    private static string Ode(OnnxGraphBuilder g, LiquidEncoderDecoder<float> network, string x0, string u)
    {
        var block = network.Ode;
        var store = network.Parameters;
        var options = block.Options;
        string alpha = g.Parameter(store, block.Alpha), beta = g.Parameter(store, block.Beta);
        float h = (float)options.StepSize;
        string Derivative(string y, string s) => g.Sub(g.Mul(beta, s), g.Mul(alpha, y));

        string x = x0;
        for (int step = 0; step < options.Steps; step++)
        {
            if (options.Solver == OdeSolver.Euler)
            {
                x = g.Add(x, g.Mul(g.Scalar(h), Derivative(x, Drive(g, network, x, u))));
                continue;
            }
            float half = h / 2f, sixth = h / 6f;
            string k1 = Derivative(x, Drive(g, network, x, u));
            string y2 = g.Add(x, g.Mul(g.Scalar(half), k1));
            string k2 = Derivative(y2, Drive(g, network, y2, u));
            string acc = g.Add(k1, g.Mul(g.Scalar(2f), k2));
            string y3 = g.Add(x, g.Mul(g.Scalar(half), k2));
            string k3 = Derivative(y3, Drive(g, network, y3, u));
            acc = g.Add(acc, g.Mul(g.Scalar(2f), k3));
            string y4 = g.Add(x, g.Mul(g.Scalar(h), k3));
            string k4 = Derivative(y4, Drive(g, network, y4, u));
            x = g.Add(x, g.Mul(g.Scalar(sixth), g.Add(acc, k4)));
        }
        return x;
    }

    /// <summary>s = tanh(W y + u), W dense or diag(w) + U V^T / r.</summary>
    private static string Drive(OnnxGraphBuilder g, LiquidEncoderDecoder<float> network, string y, string u)
    {
        var block = network.Ode;
        var store = network.Parameters;
        if (block.W is not null) return g.Tanh(g.Gemm(y, g.Parameter(store, block.W), u));
        int r = block.Options.Rank;
        string p = g.Gemm(y, g.Parameter(store, block.VT!), null);
        string lowRank = g.Mul(g.Gemm(p, g.Parameter(store, block.U!), null), g.Scalar(1f / r));
        return g.Tanh(g.Add(g.Add(lowRank, g.Mul(g.Parameter(store, block.WDiag!), y)), u));
    }
}
