using System.Numerics;

namespace Dlnet.Nn.Layers;

/// <summary>What a forward pass is for: training (dropout active, seeded) or inference.</summary>
/// <param name="Training">Stochastic layers draw masks only when set.</param>
/// <param name="Seed">Seed of the batch; with a layer's stream number it fixes every dropout mask.</param>
public readonly record struct LayerPass(bool Training, ulong Seed)
{
    public static LayerPass Inference => new(false, 0);
}

/// <summary>
/// One layer of a batch-major network, as a forward/backward pair on spans. Parameters live in the
/// network's <see cref="ParameterStore{T}"/> (registered by the constructor); anything the layer
/// must remember between forward and backward beyond its input and output goes in a per-workspace
/// <c>state</c> span of <see cref="StateSize"/> scalars that the caller allocates once.
/// </summary>
public interface ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    int InputSize { get; }

    int OutputSize { get; }

    /// <summary>Scalars of state needed for batches of up to <paramref name="maxBatch"/> samples.</summary>
    int StateSize(int maxBatch);

    /// <summary>Draws this layer's initial parameters from <paramref name="rng"/>.</summary>
    void Initialize(Random rng);

    /// <summary>x: batch x InputSize, y: batch x OutputSize.</summary>
    void Forward(Span<T> y, ReadOnlySpan<T> x, Span<T> state, int batch, LayerPass pass);

    /// <summary>
    /// Given dL/dy, ADDS dL/dParameters into <paramref name="parameterGradient"/> (laid out like the store)
    /// and WRITES dL/dx into <paramref name="dx"/> unless it is empty. x, y and state are those of the
    /// last forward pass.
    /// </summary>
    void Backward(Span<T> dx, Span<T> parameterGradient, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        Span<T> state, int batch);
}
