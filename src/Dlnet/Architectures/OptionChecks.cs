namespace Dlnet.Architectures;

/// <summary>
/// The checks every architecture makes of its <see cref="NetworkOptions"/>: options it has no use for are
/// refused rather than silently ignored, and sizes must be in range; each message names the option.
/// </summary>
internal static class OptionChecks
{
    /// <summary>Window length and horizon of a network to build, and every size within <see cref="NetworkLimits"/>.</summary>
    public static void Window(NetworkOptions o, int inputLength, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        NetworkLimits.Check(o, inputLength, horizon);
    }

    public static int Positive(int value, string option) =>
        value > 0 ? value : throw new ArgumentException($"{option} must be positive, got {value}");

    public static int NonNegative(int value, string option) =>
        value >= 0 ? value : throw new ArgumentException($"{option} must not be negative, got {value}");

    public static double PositiveReal(double value, string option) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{option} must be positive, got {value}");

    public static double Probability(double value) =>
        value is >= 0 and < 1 ? value : throw new ArgumentException($"dropout must lie in [0, 1), got {value}");

    public static int[]? Widths(int[]? widths, string option) =>
        widths is null || widths.All(w => w > 0) ? widths : throw new ArgumentException($"{option} [{string.Join(',', widths)}] must be positive");

    /// <summary>Throws for the first of the flagged options that is set.</summary>
    public static void Refuse(string architecture, NetworkOptions o, bool hidden = false, bool rank = false, bool layers = false, bool dropout = false,
        bool stepSize = false, bool steps = false, bool encoder = false, bool hiddenWidths = false)
    {
        string? unused = (hidden && o.Hidden is not null) ? "hidden"
            : (rank && o.Rank is not null) ? "rank"
            : (layers && o.Layers is not null) ? "layers"
            : (dropout && o.Dropout is not null) ? "dropout"
            : (stepSize && o.StepSize is not null) ? "step size (dt)"
            : (steps && o.Steps is not null) ? "steps"
            : (encoder && (o.EncoderWidth is not null || o.DecoderWidths is not null)) ? "encoder or decoder widths"
            : (hiddenWidths && o.HiddenWidths is not null) ? "hidden widths"
            : null;
        if (unused is not null) throw new ArgumentException($"{architecture} has no {unused} setting");
    }

    /// <summary><paramref name="network"/> as the network type of <paramref name="architecture"/>.</summary>
    /// <exception cref="ArgumentException">A network of another type under this architecture's name.</exception>
    public static TNetwork NetworkOf<TNetwork>(this IArchitecture architecture, object network) where TNetwork : class =>
        network as TNetwork ?? throw new ArgumentException(
            $"the '{architecture.Name}' architecture builds {Plain(typeof(TNetwork))} networks, not {Plain(network.GetType())}", nameof(network));

    private static string Plain(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] : type.Name;
}
