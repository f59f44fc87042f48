using System.Numerics;

namespace Dlnet.Nn.Layers;

/// <summary>
/// An element-wise change of the values flowing between the layers of a <see cref="LayerStack{T}"/>
/// with a straight-through gradient: the backward pass lets the upstream gradient through where the
/// forward pass set the pass flag and stops it elsewhere. Quantisation-aware training uses it to round
/// activations to their integer grid (passing the gradient inside the representable range, stopping it
/// where values were clamped).
/// <para>
/// Boundary l is the input of layer l; boundary <c>Layers.Count</c> is the stack's output. A transform
/// is shared by every thread that runs the stack, so <see cref="Apply"/> must not change shared state
/// while training runs in parallel.
/// </para>
/// </summary>
public interface IActivationTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether values at <paramref name="boundary"/> are transformed at all.</summary>
    bool Transforms(int boundary);

    /// <summary>Transforms <paramref name="values"/> in place; pass[i] = 1 lets the gradient of value i through, 0 stops it.</summary>
    void Apply(int boundary, Span<T> values, Span<byte> pass);
}
