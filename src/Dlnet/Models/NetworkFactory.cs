using System.Numerics;
using Dlnet.Nn;

namespace Dlnet.Models;

/// <summary>
/// Builds a network from its architecture name and <see cref="NetworkOptions"/>, so that the command
/// line, the model loader and the pipeline make networks one way.
/// </summary>
public static class NetworkFactory
{
    /// <summary>Architecture names, as on the command line.</summary>
    public static IReadOnlyList<string> Architectures { get; } = [];

    /// <exception cref="ArgumentException">Unknown architecture, or options it cannot take.</exception>
    public static INetwork<T> Create<T>(string architecture, NetworkOptions options, int inputLength, int horizon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        throw new ArgumentException($"unknown architecture '{architecture}' (expected one of: {string.Join(", ", Architectures)})", nameof(architecture));
    }
}
