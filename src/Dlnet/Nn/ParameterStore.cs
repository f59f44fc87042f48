using System.Numerics;

namespace Dlnet.Nn;

/// <summary>
/// Every trainable parameter of a network in one contiguous array, so that the optimiser, gradient
/// clipping, per-thread gradient buffers and the model file each work on a single span. Layers
/// register their tensors while the network is built; after that the layout is fixed.
/// </summary>
public sealed class ParameterStore<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<ParameterTensor> _tensors = [];
    private T[] _values = [];

    public IReadOnlyList<ParameterTensor> Tensors => _tensors;

    /// <summary>Total number of scalars.</summary>
    public int Count => _values.Length;

    public Span<T> Values => _values;

    public T[] Array => _values;

    /// <summary>Registers a tensor of the given shape, initialised to zero. Names must be unique.</summary>
    public ParameterTensor Add(string name, params int[] shape)
    {
        if (_tensors.Any(t => t.Name == name)) throw new ArgumentException($"parameter '{name}' registered twice", nameof(name));
        if (shape.Length == 0 || shape.Any(d => d <= 0)) throw new ArgumentException($"parameter '{name}' has shape [{string.Join(',', shape)}]", nameof(shape));
        var tensor = new ParameterTensor(name, _values.Length, shape);
        System.Array.Resize(ref _values, _values.Length + tensor.Length);
        _tensors.Add(tensor);
        return tensor;
    }

    public Span<T> this[ParameterTensor tensor] => _values.AsSpan(tensor.Offset, tensor.Length);

    public ParameterTensor Find(string name) =>
        _tensors.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"no parameter named '{name}'");

    /// <summary>A zeroed buffer laid out like <see cref="Values"/>, for gradients or optimiser moments.</summary>
    public T[] CreateBuffer() => new T[_values.Length];
}
