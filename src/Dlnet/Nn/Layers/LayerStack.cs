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

    /// <summary>
    /// Applied to the values between layers in every forward pass when set (fake quantisation during
    /// quantisation-aware training), with its straight-through gradient in the backward pass; null (the
    /// default) runs the layers as they are.
    /// </summary>
    public IActivationTransform<T>? Transform { get; set; }

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
        var transform = Transform;
        buffers.Transformed = transform;
        for (int l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            if (transform is not null) Apply(transform, buffers, l, batch * layer.InputSize);
            layer.Forward(buffers.Activations[l + 1], buffers.Activations[l].AsSpan(0, batch * layer.InputSize),
                buffers.States[l], batch, pass);
        }
        if (transform is not null) Apply(transform, buffers, Layers.Count, batch * OutputSize);
        return buffers.Activations[^1].AsSpan(0, batch * OutputSize);
    }

    /// <summary>
    /// Back-propagates dy [batch, OutputSize] through the last forward pass, adding parameter gradients;
    /// writes dL/dx into <paramref name="dx"/> unless it is empty (then the first layer skips its input gradient).
    /// </summary>
    public void Backward(LayerStackBuffers<T> buffers, ReadOnlySpan<T> dy, Span<T> dx, Span<T> parameterGradient, int batch)
    {
        CheckBatch(buffers, batch);
        // The transform of the forward pass being differentiated, even if the stack's has changed since.
        // A layer before a transformed boundary sees its transformed output as y; for ReLU and tanh,
        // whose derivatives are read from y, that is the derivative at the rounded value, a difference
        // of the order of one quantisation step.
        var transform = buffers.Transformed;
        ReadOnlySpan<T> upstream = dy;
        if (transform is not null && transform.Transforms(Layers.Count))
        {
            var gated = buffers.OutputGradient.AsSpan(0, batch * OutputSize);
            dy[..gated.Length].CopyTo(gated);
            Gate(gated, buffers.Pass[Layers.Count]);
            upstream = gated;
        }
        for (int l = Layers.Count - 1; l >= 0; l--)
        {
            var layer = Layers[l];
            Span<T> target = l == 0 ? dx : buffers.Gradients[l % 2].AsSpan(0, batch * layer.InputSize);
            layer.Backward(target, parameterGradient, upstream, buffers.Activations[l].AsSpan(0, batch * layer.InputSize),
                buffers.Activations[l + 1].AsSpan(0, batch * layer.OutputSize), buffers.States[l], batch);
            if (transform is not null && !target.IsEmpty && transform.Transforms(l)) Gate(target, buffers.Pass[l]);
            upstream = target;
        }
    }

    /// <summary>Transforms the values at <paramref name="boundary"/> in place and keeps their pass flags.</summary>
    private static void Apply(IActivationTransform<T> transform, LayerStackBuffers<T> buffers, int boundary, int count)
    {
        if (!transform.Transforms(boundary)) return;
        var pass = buffers.Pass[boundary];
        if (pass.Length < count) pass = buffers.Pass[boundary] = new byte[buffers.Activations[boundary].Length];
        transform.Apply(boundary, buffers.Activations[boundary].AsSpan(0, count), pass.AsSpan(0, count));
    }

    /// <summary>Zeroes the gradient where the forward transform stopped it.</summary>
    private static void Gate(Span<T> gradient, byte[] pass)
    {
        for (int i = 0; i < gradient.Length; i++)
            if (pass[i] == 0) gradient[i] = T.Zero;
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
        // Filled on first use: only quantisation-aware training transforms activations.
        Pass = new byte[layers.Count + 1][];
        for (int l = 0; l <= layers.Count; l++) Pass[l] = [];
    }

    public int MaxBatch { get; }

    internal T[][] Activations { get; }

    internal T[][] States { get; }

    internal T[][] Gradients { get; }

    /// <summary>Per boundary, the pass flags of the last transformed forward pass (empty until one ran).</summary>
    internal byte[][] Pass { get; }

    /// <summary>The transform the last forward pass ran with, for its backward pass.</summary>
    internal IActivationTransform<T>? Transformed { get; set; }

    /// <summary>A copy of the output gradient, gated when the stack's output is transformed.</summary>
    internal T[] OutputGradient => field ??= new T[Activations[^1].Length];
}
