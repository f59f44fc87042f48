using System.Numerics;

namespace Dlnet.Nn;

/// <summary>
/// A differentiable network mapping a batch of fixed-size inputs (one window of normalised history,
/// possibly with covariates) to a batch of fixed-size outputs (the horizon).
/// <para>
/// Generic in the scalar so that one code path trains in <c>float</c> and is gradient-checked in
/// <c>double</c>. Parameters are shared; everything a forward pass must remember for its backward pass
/// lives in a <see cref="NetworkWorkspace"/>, one per thread, allocated once for a maximum batch.
/// </para>
/// </summary>
public interface INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Architecture name as used on the command line (<c>teacher</c>, <c>student</c>, <c>ltc</c>, ...).</summary>
    string Architecture { get; }

    ParameterStore<T> Parameters { get; }

    /// <summary>Scalars per sample in the input.</summary>
    int InputSize { get; }

    /// <summary>Scalars per sample in the output.</summary>
    int OutputSize { get; }

    /// <summary>Sets every parameter to its initial value, drawn from <paramref name="seed"/> alone.</summary>
    void Initialize(int seed);

    /// <summary>Buffers for forward and backward passes of up to <paramref name="maxBatch"/> samples.</summary>
    NetworkWorkspace CreateWorkspace(int maxBatch);

    /// <summary>
    /// input: batch x InputSize, output: batch x OutputSize. With <paramref name="training"/> set,
    /// stochastic layers (dropout) draw from <see cref="NetworkWorkspace.Seed"/>, and activations are
    /// kept in <paramref name="workspace"/> for <see cref="Backward"/>.
    /// </summary>
    void Forward(NetworkWorkspace workspace, ReadOnlySpan<T> input, Span<T> output, int batch, bool training);

    /// <summary>
    /// Back-propagates dLoss/dOutput (batch x OutputSize) through the last <see cref="Forward"/> made
    /// with this workspace and ADDS dLoss/dParameters into <paramref name="parameterGradient"/>
    /// (laid out like <see cref="ParameterStore{T}.Values"/>).
    /// </summary>
    void Backward(NetworkWorkspace workspace, ReadOnlySpan<T> outputGradient, Span<T> parameterGradient, int batch);
}

/// <summary>Per-thread state of a network: activation buffers sized once, and the seed of stochastic layers.</summary>
public abstract class NetworkWorkspace
{
    protected NetworkWorkspace(int maxBatch) => MaxBatch = maxBatch;

    public int MaxBatch { get; }

    /// <summary>Seed for dropout masks of the next training forward pass; the trainer sets it per batch so
    /// results do not depend on which thread ran which batch.</summary>
    public ulong Seed { get; set; }
}
