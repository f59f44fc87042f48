using System.Numerics;
using System.Numerics.Tensors;

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
        uint key = (uint)Mix(pass.Seed ^ (0x9E3779B97F4A7C15UL * (ulong)(Stream + 1)));
        // A unit drops when its 32-bit hash falls below p * 2^32.
        uint threshold = (uint)Math.Min(uint.MaxValue, Math.Round(Probability * 4294967296.0));
        int i = 0;
        if (typeof(T) == typeof(float))
        {
            // Same hash, eight units at a time (32-bit lanes hold both the hash and the float mask).
            var maskF = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(mask);
            var keepV = new Vector<float>(float.CreateChecked(_keepScale));
            var thresholdV = new Vector<uint>(threshold);
            for (; i + Vector<uint>.Count <= n; i += Vector<uint>.Count)
            {
                var h = Hash(Vector<uint>.Indices + new Vector<uint>((uint)i), key);
                var drop = Vector.LessThan(h, thresholdV).As<uint, float>();
                Vector.ConditionalSelect(drop, Vector<float>.Zero, keepV).CopyTo(maskF[i..]);
            }
        }
        for (; i < n; i++) mask[i] = Hash((uint)i, key) < threshold ? T.Zero : _keepScale;
        TensorPrimitives.Multiply(x[..n], mask, y[..n]);
    }

    public void Backward(Span<T> dx, Span<T> parameterGradient, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        Span<T> state, int batch)
    {
        if (dx.IsEmpty) return;
        int n = batch * InputSize;
        if (state[0] == T.Zero) { dy[..n].CopyTo(dx); return; }
        TensorPrimitives.Multiply(dy[..n], state.Slice(1, n), dx[..n]);
    }

    /// <summary>Hash of unit <paramref name="index"/> under <paramref name="key"/>: an odd multiple (a bijection)
    /// plus the key, through the murmur3 32-bit finaliser.</summary>
    private static uint Hash(uint index, uint key)
    {
        uint h = index * 0x9E3779B9u + key;
        h = (h ^ (h >> 16)) * 0x85EBCA6Bu;
        h = (h ^ (h >> 13)) * 0xC2B2AE35u;
        return h ^ (h >> 16);
    }

    private static Vector<uint> Hash(Vector<uint> index, uint key)
    {
        var h = index * new Vector<uint>(0x9E3779B9u) + new Vector<uint>(key);
        h = (h ^ Vector.ShiftRightLogical(h, 16)) * new Vector<uint>(0x85EBCA6Bu);
        h = (h ^ Vector.ShiftRightLogical(h, 13)) * new Vector<uint>(0xC2B2AE35u);
        return h ^ Vector.ShiftRightLogical(h, 16);
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
