using System.Numerics;
using Dlnet.Nn;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Models;

/// <summary>
/// Builds a network from its architecture name and <see cref="NetworkOptions"/>, so that the command
/// line, the model loader and the pipeline make networks one way. Options an architecture has no use
/// for are refused rather than silently ignored.
/// </summary>
public static class NetworkFactory
{
    /// <summary>Architecture names, as on the command line.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["lstm", "gru"];

    /// <exception cref="ArgumentException">Unknown architecture, or options it cannot take.</exception>
    public static INetwork<T> Create<T>(string architecture, NetworkOptions options, int inputLength, int horizon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        switch (architecture)
        {
            case "lstm":
                Refuse(architecture, options, rank: true, dropout: true, stepSize: true);
                // The published recurrent baselines: two layers of 128.
                return new LstmNetwork<T>(inputLength, horizon, Positive(options.Hidden ?? 128, "hidden"), Positive(options.Layers ?? 2, "layers"));
            case "gru":
                Refuse(architecture, options, rank: true, dropout: true, stepSize: true);
                return new GruNetwork<T>(inputLength, horizon, Positive(options.Hidden ?? 128, "hidden"), Positive(options.Layers ?? 2, "layers"));
            default:
                throw new ArgumentException($"unknown architecture '{architecture}' (expected one of: {string.Join(", ", Architectures)})", nameof(architecture));
        }
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new ArgumentException($"--{option} must be positive, got {value}");

    private static void Refuse(string architecture, NetworkOptions options, bool hidden = false, bool rank = false, bool layers = false, bool dropout = false, bool stepSize = false)
    {
        string? unused = (hidden && options.Hidden is not null) ? "hidden"
            : (rank && options.Rank is not null) ? "rank"
            : (layers && options.Layers is not null) ? "layers"
            : (dropout && options.Dropout is not null) ? "dropout"
            : (stepSize && options.StepSize is not null) ? "step size"
            : null;
        if (unused is not null) throw new ArgumentException($"{architecture} has no {unused} setting");
    }
}
