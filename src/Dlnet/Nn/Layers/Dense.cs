using System.Numerics;
using Dlnet.Nn.Kernels;

namespace Dlnet.Nn.Layers;

/// <summary>
/// Fully connected layer y = x W^T + b, W [outputs, inputs]. Initialised like the common default
/// (uniform in ±1/sqrt(inputs) for weights and bias). Its state holds W^T for the fast forward kernel.
/// </summary>
public sealed class Dense<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterStore<T> _store;

    public Dense(ParameterStore<T> store, string name, int inputs, int outputs, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        _store = store;
        InputSize = inputs;
        OutputSize = outputs;
        Weight = store.Add(name + ".weight", outputs, inputs);
        Bias = bias ? store.Add(name + ".bias", outputs) : null;
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public ParameterTensor Weight { get; }

    public ParameterTensor? Bias { get; }

    public int StateSize(int maxBatch) => InputSize * OutputSize;

    public void Initialize(Random rng)
    {
        double bound = 1.0 / Math.Sqrt(InputSize);
        Fill(_store[Weight], rng, bound);
        if (Bias is not null) Fill(_store[Bias], rng, bound);
    }

    internal static void Fill(Span<T> values, Random rng, double bound)
    {
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateChecked((rng.NextDouble() * 2 - 1) * bound);
    }

    public void Forward(Span<T> y, ReadOnlySpan<T> x, Span<T> state, int batch, LayerPass pass)
    {
        Linear.Transpose(state, _store[Weight], InputSize, OutputSize);
        Linear.ForwardTransposed(y, x, state, Bias is null ? [] : _store[Bias], batch, InputSize, OutputSize);
    }

    public void Backward(Span<T> dx, Span<T> parameterGradient, ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        Span<T> state, int batch)
    {
        if (!dx.IsEmpty) dx[..(batch * InputSize)].Clear();
        Linear.Backward(dx, parameterGradient.Slice(Weight.Offset, Weight.Length),
            Bias is null ? [] : parameterGradient.Slice(Bias.Offset, Bias.Length),
            dy, x, _store[Weight], batch, InputSize, OutputSize);
    }
}
