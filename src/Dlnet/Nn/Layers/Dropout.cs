using System.Numerics;

namespace Dlnet.Nn.Layers;

/// <summary>
/// Inverted dropout: in training each unit is zeroed with probability p and the survivors scaled by
/// 1/(1-p); at inference it is the identity. A unit's fate is a hash of (batch seed, the layer's
/// stream number, sample, unit), not a draw from shared state, so a batch gives the same masks on any
/// thread and in any order. State: whether the last pass dropped (layers are shared between threads,
/// so this cannot live in a field), then the mask (0 or 1/(1-p)) for the backward pass.
/// </summary>
public sealed class Dropout<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _keepScale;

    /// <param name="size">Units per sample.</param>
    /// <param name="probability">Drop probability in [0, 1).</param>
    /// <param name="stream">Distinguishes this layer's masks from other dropout layers of the network.</param>
    public Dropout(int size, double probability, int stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (!(probability >= 0 && probability < 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "dropout probability must be in [0, 1)");
        InputSize = OutputSize = size;
        Probability = probability;
        Stream = stream;
        _keepScale = T.CreateChecked(1 / (1 - probability));
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public double Probability { get; }

    public int Stream { get; }

    public int StateSize(int maxBatch) => 1 + maxBatch * InputSize;

    public void Initialize(Random rng) { }

    public void Forward(Span<T> y, ReadOnlySpan<T> x, Span<T> state, int batch, LayerPass pass)
    {
        int n = batch * InputSize;
        bool dropping = pass.Training && Probability > 0;
        state[0] = dropping ? T.One : T.Zero;
        if (!dropping)
        {
            x[..n].CopyTo(y);
            return;
        }
        var mask = state.Slice(1, n);
        ulong streamKey = Mix(pass.Seed ^ (0x9E3779B97F4A7C15UL * (ulong)(Stream + 1)));
        for (int i = 0; i < n; i++)
        {
            double u = (Mix(streamKey + (ulong)i) >> 11) * (1.0 / (1UL << 53));
            mask[i] = u < Probability ? T.Zero : _keepScale;
            y[i] = x[i] * mask[i];
        }
    }

    public void Backward(Span<T> dx, Span<T> parameterGradient, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        Span<T> state, int batch)
    {
        if (dx.IsEmpty) return;
        int n = batch * InputSize;
        if (state[0] == T.Zero) { dy[..n].CopyTo(dx); return; }
        var mask = state.Slice(1, n);
        for (int i = 0; i < n; i++) dx[i] = dy[i] * mask[i];
    }

    /// <summary>SplitMix64 finaliser: a bijective avalanche of 64 bits.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
