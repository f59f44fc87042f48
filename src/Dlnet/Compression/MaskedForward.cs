using System.Numerics;
using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Networks;

namespace Dlnet.Compression;

/// <summary>
/// The inference pass of a network whose removed units are masked rather than cut out: the reference
/// a pruned network must reproduce. Removing a neuron from a LayerNorm layer changes the mean and
/// variance over the rest, so "masked" is defined here as: parameters zeroed by
/// <see cref="StructuredPruner.Mask{T}"/>, and every LayerNorm computed over its kept units only,
/// its removed units giving 0. For networks without LayerNorm this is the network's own forward pass.
/// </summary>
public static class MaskedForward
{
    /// <summary>input: batch x InputSize; output: batch x OutputSize. <paramref name="masked"/> must
    /// already be masked with <paramref name="plan"/>.</summary>
    public static void Run<T>(INetwork<T> masked, PruningPlan plan, ReadOnlySpan<T> input, Span<T> output, int batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        StructuredPruner.CheckPlan(PruningTopology<T>.Of(masked), plan);
        if (masked is not LiquidEncoderDecoder<T> liquid)
        {
            masked.Forward(masked.CreateWorkspace(batch), input, output, batch, training: false);
            return;
        }
        var keepByGain = plan.Layers.Where(l => l.Layer.NormGain is not null).ToDictionary(l => l.Layer.NormGain!, l => l.Keep);
        var store = liquid.Parameters;
        int n = liquid.Hidden;

        var x0 = Stack(liquid.Encoder, store, keepByGain, input[..(batch * liquid.InputSize)].ToArray(), batch);
        var u = new T[batch];
        for (int b = 0; b < batch; b++)
        {
            T sum = T.Zero;
            foreach (T v in input.Slice(b * liquid.InputSize, liquid.InputSize)) sum += v;
            u[b] = sum * (T.One / T.CreateChecked(liquid.InputSize));
        }
        var xT = new T[batch * n];
        liquid.Ode.Forward(liquid.Ode.CreateBuffers(batch), x0, u, xT, batch);
        var latent = new T[batch * n];
        Residual.Forward<T>(latent, xT, x0, store[liquid.ResidualScale][0]);
        Stack(liquid.Decoder, store, keepByGain, latent, batch).CopyTo(output);
    }

    private static T[] Stack<T>(LayerStack<T> stack, ParameterStore<T> store, Dictionary<string, bool[]> keepByGain, T[] x, int batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var layer in stack.Layers)
        {
            var y = new T[batch * layer.OutputSize];
            if (layer is LayerNorm<T> norm && keepByGain.TryGetValue(norm.Gain.Name, out var keep))
                KeptLayerNorm(y, x, store[norm.Gain], store[norm.Bias], keep, batch, T.CreateChecked(norm.Epsilon));
            else
                layer.Forward(y, x, new T[layer.StateSize(batch)], batch, LayerPass.Inference);
            x = y;
        }
        return x;
    }

    /// <summary>LayerNorm of each row over the units with keep[i] set; the others give 0.</summary>
    private static void KeptLayerNorm<T>(Span<T> y, ReadOnlySpan<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, bool[] keep,
        int batch, T epsilon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = keep.Length;
        T invKept = T.One / T.CreateChecked(keep.Count(k => k));
        for (int b = 0; b < batch; b++)
        {
            var xr = x.Slice(b * n, n);
            var yr = y.Slice(b * n, n);
            T m = T.Zero;
            for (int i = 0; i < n; i++) if (keep[i]) m += xr[i];
            m *= invKept;
            T v = T.Zero;
            for (int i = 0; i < n; i++) if (keep[i]) { T d = xr[i] - m; v += d * d; }
            T s = T.One / T.Sqrt(v * invKept + epsilon);
            for (int i = 0; i < n; i++) yr[i] = keep[i] ? (xr[i] - m) * s * gain[i] + bias[i] : T.Zero;
        }
    }
}
