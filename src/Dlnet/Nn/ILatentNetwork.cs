using System.Numerics;

namespace Dlnet.Nn;

/// <summary>
/// A network with a latent state between its encoder and its decoder that a loss may read and push on:
/// distillation matches a student's latent state to its teacher's (the hidden term).
/// </summary>
public interface ILatentNetwork<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Units of the latent state per sample.</summary>
    int LatentSize { get; }

    /// <summary>The latent state (batch x <see cref="LatentSize"/>) of the last forward pass with <paramref name="workspace"/>.</summary>
    ReadOnlySpan<T> LatentState(NetworkWorkspace workspace, int batch);

    /// <summary>Adds dL/dlatent (batch x <see cref="LatentSize"/>) to what the next backward pass with <paramref name="workspace"/> sends back.</summary>
    void AddLatentGradient(NetworkWorkspace workspace, ReadOnlySpan<T> latentGradient, int batch);
}
