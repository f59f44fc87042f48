using System.Globalization;

namespace Dlnet.Architectures;

/// <summary>
/// The largest sizes a network is built with, checked before anything is allocated, whether the sizes come
/// from the command line, a run's config file or a model.json. They lie far above anything a microcontroller
/// holds (the published teacher: hidden 128, encoder 256, decoder 256 and 128, 9 solver steps, 155,749
/// parameters); the parameter count itself is held to <see cref="Nn.ParameterStore{T}.MaxCount"/>.
/// Documented in docs/cli.md.
/// </summary>
public static class NetworkLimits
{
    /// <summary>Hidden units and rank: latent, state or MLP layer size.</summary>
    public const int MaxUnits = 1024;

    /// <summary>Width of an encoder, decoder or MLP layer.</summary>
    public const int MaxWidth = 4096;

    /// <summary>Stacked recurrent layers, MLP hidden layers, decoder layers.</summary>
    public const int MaxLayers = 16;

    /// <summary>Solver steps of a liquid block.</summary>
    public const int MaxSteps = 100;

    /// <summary>Euler step size (dt) of the student.</summary>
    public const double MaxStepSize = 10;

    /// <summary>Input length and horizon, in cycles.</summary>
    public const int MaxWindow = 10_000;

    /// <summary>Refuses a size above its limit; sizes the options leave out take the architecture's default, which is within.</summary>
    /// <exception cref="ArgumentException">A size is out of range; the message names it.</exception>
    public static void Check(NetworkOptions o, int inputLength, int horizon)
    {
        AtMost(inputLength, MaxWindow, "input length");
        AtMost(horizon, MaxWindow, "horizon");
        AtMost(o.Hidden, MaxUnits, "hidden");
        AtMost(o.Rank, MaxUnits, "rank");
        AtMost(o.Layers, MaxLayers, "layers");
        AtMost(o.Steps, MaxSteps, "steps");
        AtMost(o.EncoderWidth, MaxWidth, "encoder width");
        Widths(o.DecoderWidths, "decoder widths");
        Widths(o.HiddenWidths, "hidden widths");
        if (o.StepSize is double dt && dt > MaxStepSize)
            throw new ArgumentException($"dt must be at most {MaxStepSize.ToString(CultureInfo.InvariantCulture)}, got {dt.ToString(CultureInfo.InvariantCulture)}");
    }

    private static void AtMost(int? value, int max, string name)
    {
        if (value > max) throw new ArgumentException($"{name} must be at most {max}, got {value}");
    }

    private static void Widths(int[]? widths, string name)
    {
        if (widths is null) return;
        if (widths.Length > MaxLayers) throw new ArgumentException($"{name}: at most {MaxLayers} layers, got {widths.Length}");
        foreach (int w in widths) AtMost(w, MaxWidth, name);
    }
}
