using System.Numerics;

namespace Dlnet.Nn.Layers;

/// <summary>
/// Layers applied one after another (a sequential block). The stack owns no buffers: each thread
/// holds a <see cref="LayerStackBuffers{T}"/> from <see cref="CreateBuffers"/>, which keeps every
/// layer's input (the first one copied in, since the backward pass needs it) and state.
/// </summary>
public sealed class LayerStack<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public LayerStack(IReadOnlyList<ILayer<T>> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("a layer stack needs at least one layer", nameof(layers));
        for (int i = 1; i < layers.Count; i++)
            if (layers[i].InputSize != layers[i - 1].OutputSize)
                throw new ArgumentException($"layer {i} takes {layers[i].InputSize} inputs but layer {i - 1} gives {layers[i - 1].OutputSize}", nameof(layers));
        Layers = layers;
    }

    public IReadOnlyList<ILayer<T>> Layers { get; }

    public int InputSize => Layers[0].InputSize;

    public int OutputSize => Layers[^1].OutputSize;

    public void Initialize(Random rng)
    {
        foreach (var layer in Layers) layer.Initialize(rng);
    }

    public LayerStackBuffers<T> CreateBuffers(int maxBatch) => new(this, maxBatch);

    /// <summary>Runs every layer on x [batch, InputSize]; returns the output [batch, OutputSize], a view into the buffers.</summary>
    public ReadOnlySpan<T> Forward(LayerStackBuffers<T> buffers, ReadOnlySpan<T> x, int batch, LayerPass pass)
    {
        CheckBatch(buffers, batch);
        x[..(batch * InputSize)].CopyTo(buffers.Activations[0]);
        for (int l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            layer.Forward(buffers.Activations[l + 1], buffers.Activations[l].AsSpan(0, batch * layer.InputSize),
                buffers.States[l], batch, pass);
        }
        return buffers.Activations[^1].AsSpan(0, batch * OutputSize);
    }

    /// <summary>
    /// Back-propagates dy [batch, OutputSize] through the last forward pass, adding parameter gradients;
    /// writes dL/dx into <paramref name="dx"/> unless it is empty (then the first layer skips its input gradient).
    /// </summary>
    public void Backward(LayerStackBuffers<T> buffers, ReadOnlySpan<T> dy, Span<T> dx, Span<T> parameterGradient, int batch)
    {
        CheckBatch(buffers, batch);
        ReadOnlySpan<T> upstream = dy;
        for (int l = Layers.Count - 1; l >= 0; l--)
        {
            var layer = Layers[l];
            Span<T> target = l == 0 ? dx : buffers.Gradients[l % 2].AsSpan(0, batch * layer.InputSize);
            layer.Backward(target, parameterGradient, upstream, buffers.Activations[l].AsSpan(0, batch * layer.InputSize),
                buffers.Activations[l + 1].AsSpan(0, batch * layer.OutputSize), buffers.States[l], batch);
            upstream = target;
        }
    }

    private static void CheckBatch(LayerStackBuffers<T> buffers, int batch)
    {
        if (batch < 1 || batch > buffers.MaxBatch)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be in [1, {buffers.MaxBatch}]");
    }
}

/// <summary>One thread's activations, layer states and gradient scratch for a <see cref="LayerStack{T}"/>, allocated once.</summary>
public sealed class LayerStackBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal LayerStackBuffers(LayerStack<T> stack, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        MaxBatch = maxBatch;
        var layers = stack.Layers;
        Activations = new T[layers.Count + 1][];
        Activations[0] = new T[maxBatch * stack.InputSize];
        States = new T[layers.Count][];
        int widest = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            Activations[l + 1] = new T[maxBatch * layers[l].OutputSize];
            States[l] = new T[layers[l].StateSize(maxBatch)];
            widest = Math.Max(widest, layers[l].InputSize);
        }
        // Gradients ping-pong between two buffers: layer l writes into [l % 2] what layer l-1 reads.
        Gradients = [new T[maxBatch * widest], new T[maxBatch * widest]];
    }

    public int MaxBatch { get; }

    internal T[][] Activations { get; }

    internal T[][] States { get; }

    internal T[][] Gradients { get; }
}
