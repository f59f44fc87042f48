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

    /// <summary>Registers a tensor of the given shape, initialised to zero. Names must be unique.</summary>
    /// <exception cref="ArgumentException">A taken name, a dimension that is not positive, or more scalars than an array holds.</exception>
    public ParameterTensor Add(string name, params int[] shape)
    {
        if (_tensors.Any(t => t.Name == name)) throw new ArgumentException($"parameter '{name}' registered twice", nameof(name));
        if (shape.Length == 0 || shape.Any(d => d <= 0)) throw new ArgumentException($"parameter '{name}' has shape [{string.Join(',', shape)}]", nameof(shape));
        long length = 1;
        foreach (int d in shape)
        {
            length *= d; // at most 2^31 x 2^31: no overflow before the check below
            if (length > System.Array.MaxLength) break;
        }
        long total = _count + length;
        if (total > System.Array.MaxLength)
            throw new ArgumentException($"parameter '{name}' [{string.Join(',', shape)}] takes the network past {System.Array.MaxLength} scalars", nameof(shape));
        var tensor = new ParameterTensor(name, _count, shape);
        _count = (int)total;
        if (_values is not null) System.Array.Resize(ref _values, _count);
        _tensors.Add(tensor);
        return tensor;
    }

    public Span<T> this[ParameterTensor tensor] => Allocated.AsSpan(tensor.Offset, tensor.Length);

    public ParameterTensor Find(string name) =>
        _tensors.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"no parameter named '{name}'");

    /// <summary>A zeroed buffer laid out like <see cref="Values"/>, for gradients or optimiser moments.</summary>
    public T[] CreateBuffer() => new T[_count];
}
