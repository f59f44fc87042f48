using System.Numerics;

namespace Dlnet.Nn;

/// <summary>
/// Every trainable parameter of a network in one contiguous array, so that the optimiser, gradient
/// clipping, per-thread gradient buffers and the model file each work on a single span. Layers
/// register their tensors while the network is built; after that the layout is fixed. The array is
/// allocated when the values are first used, so a network's size (<see cref="Count"/>) can be checked
/// before its memory is taken.
/// </summary>
public sealed class ParameterStore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<ParameterTensor> _tensors = [];
    private int _count;
    // Allocated once, when first used: a network registers every tensor first, so its size is known (and
    // checked) before any memory is spent on it.
    private T[]? _values;

    public IReadOnlyList<ParameterTensor> Tensors => _tensors;

    /// <summary>Total number of scalars.</summary>
    public int Count => _count;

    public Span<T> Values => Allocated;

    public T[] Array => Allocated;

    // Threads may touch a fresh store at once; all of them must get the same array.
    private T[] Allocated
    {
        get
        {
            if (_values is null) Interlocked.CompareExchange(ref _values, new T[_count], null);
            return _values;
        }
    }

    /// <summary>
    /// Most scalars a network may hold: 50 million, 320 times the published teacher. Training keeps several
    /// copies (gradients per thread, optimiser moments, the best epoch), so a larger network would exhaust
    /// memory rather than train.
    /// </summary>
    public const int MaxCount = 50_000_000;

    /// <summary>Registers a tensor of the given shape, initialised to zero. Names must be unique.</summary>
    /// <exception cref="ArgumentException">A repeated name, an empty dimension, or more than <see cref="MaxCount"/> scalars in all.</exception>
    public ParameterTensor Add(string name, params int[] shape)
    {
        if (_tensors.Any(t => t.Name == name)) throw new ArgumentException($"parameter '{name}' registered twice", nameof(name));
        if (shape.Length == 0 || shape.Any(d => d <= 0)) throw new ArgumentException($"parameter '{name}' has shape [{string.Join(',', shape)}]", nameof(shape));
        // Counted in 64 bits and checked before the store grows, so that no product of sizes overflows.
        long length = shape.Aggregate(1L, (a, d) => Math.Min(a * d, (long)MaxCount + 1));
        if (_count + length > MaxCount)
            throw new ArgumentException($"the network would hold more than {MaxCount:N0} parameters (at '{name}' [{string.Join('x', shape)}]): make it smaller");
        var tensor = new ParameterTensor(name, _count, shape);
        _count += tensor.Length;
        if (_values is not null) System.Array.Resize(ref _values, _count);
        _tensors.Add(tensor);
        return tensor;
    }

    public Span<T> this[ParameterTensor tensor] => Allocated.AsSpan(tensor.Offset, tensor.Length);

    public ParameterTensor Find(string name) =>
        _tensors.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"no parameter named '{name}'");

    // Two threads that both see no array yet agree on one of theirs.
    private T[] Allocate()
    {
        Interlocked.CompareExchange(ref _values, new T[_count], null);
        return _values!;
    }

    /// <summary>A zeroed buffer laid out like <see cref="Values"/>, for gradients or optimiser moments.</summary>
    public T[] CreateBuffer() => new T[_count];
}
