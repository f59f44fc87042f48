using System.Numerics;
using Dlnet.Nn;
using Dlnet.Nn.Models;
using Dlnet.Nn.Recurrent;

namespace Dlnet.Models;

/// <summary>
/// Builds a network from its architecture name and <see cref="NetworkOptions"/>, so that the command
/// line, the model loader and the pipeline make networks one way. Options an architecture has no use
/// for are refused rather than silently ignored. Defaults are the published sizes where the paper gives
/// them (teacher, student, and the recurrent baselines at two layers of 128).
/// </summary>
public static class NetworkFactory
{
    /// <summary>Architecture names, as on the command line.</summary>
    public static IReadOnlyList<string> Architectures { get; } = ["teacher", "student", "ltc", "cfc", "lstm", "gru", "mlp"];

    /// <summary>The LTC's synapse polarities only seed E at initialisation, but fixing their seed keeps a model rebuildable from its options alone.</summary>
    private const int LtcWiringSeed = 0;

    /// <exception cref="ArgumentException">Unknown architecture, options it cannot take, or sizes beyond <see cref="NetworkLimits"/>.</exception>
    public static INetwork<T> Create<T>(string architecture, NetworkOptions o, int inputLength, int horizon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        NetworkLimits.Check(o, inputLength, horizon);
        switch (architecture)
        {
            case "teacher":
                Refuse(architecture, o, rank: true, layers: true, stepSize: true, hiddenWidths: true);
                return new PaperTeacher<T>(new PaperTeacherOptions(inputLength, horizon,
                    EncoderWidth: Positive(o.EncoderWidth ?? 256, "encoder width"), Hidden: Positive(o.Hidden ?? 128, "hidden"),
                    DecoderWidths: Widths(o.DecoderWidths, "decoder widths"), Dropout: Probability(o.Dropout ?? 0.1),
                    Steps: Positive(o.Steps ?? 9, "steps")));
            case "student":
                Refuse(architecture, o, layers: true, hiddenWidths: true);
                return new EulerStudent<T>(new EulerStudentOptions(inputLength, horizon,
                    Hidden: Positive(o.Hidden ?? 8, "hidden"), Rank: Positive(o.Rank ?? 4, "rank"), Steps: Positive(o.Steps ?? 1, "steps"),
                    StepSize: PositiveReal(o.StepSize ?? 0.1, "dt"), EncoderWidth: Positive(o.EncoderWidth ?? 256, "encoder width"),
                    DecoderWidths: Widths(o.DecoderWidths, "decoder widths"), Dropout: Probability(o.Dropout ?? 0.1)));
            case "ltc":
            {
                Refuse(architecture, o, rank: true, layers: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
                int neurons = Positive(o.Hidden ?? 32, "hidden");
                return new LtcNetwork<T>(inputLength, horizon, LtcWiring.FullyConnected(neurons, neurons, 1, LtcWiringSeed));
            }
            case "cfc":
                Refuse(architecture, o, rank: true, layers: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
                return new CfcNetwork<T>(inputLength, horizon, Positive(o.Hidden ?? 32, "hidden"));
            case "lstm":
                Refuse(architecture, o, rank: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
                return new LstmNetwork<T>(inputLength, horizon, Positive(o.Hidden ?? 128, "hidden"), Positive(o.Layers ?? 2, "layers"));
            case "gru":
                Refuse(architecture, o, rank: true, dropout: true, stepSize: true, steps: true, encoder: true, hiddenWidths: true);
                return new GruNetwork<T>(inputLength, horizon, Positive(o.Hidden ?? 128, "hidden"), Positive(o.Layers ?? 2, "layers"));
            case "mlp":
            {
                Refuse(architecture, o, rank: true, stepSize: true, steps: true, encoder: true);
                if (o.HiddenWidths is not null && (o.Hidden is not null || o.Layers is not null))
                    throw new ArgumentException("mlp: give either hidden widths or hidden and layers, not both");
                int[] widths = Widths(o.HiddenWidths, "hidden widths")
                    ?? Enumerable.Repeat(Positive(o.Hidden ?? 128, "hidden"), NonNegative(o.Layers ?? 2, "layers")).ToArray();
                return new MlpNetwork<T>(new MlpOptions(inputLength, horizon, widths, Dropout: Probability(o.Dropout ?? 0)));
            }
            default:
                throw new ArgumentException($"unknown architecture '{architecture}' (expected one of: {string.Join(", ", Architectures)})", nameof(architecture));
        }
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new ArgumentException($"{option} must be positive, got {value}");

    private static int NonNegative(int value, string option) =>
        value >= 0 ? value : throw new ArgumentException($"{option} must not be negative, got {value}");

    private static double PositiveReal(double value, string option) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{option} must be positive, got {value}");

    private static double Probability(double value) =>
        value is >= 0 and < 1 ? value : throw new ArgumentException($"dropout must lie in [0, 1), got {value}");

    private static int[]? Widths(int[]? widths, string option) =>
        widths is null || widths.All(w => w > 0) ? widths : throw new ArgumentException($"{option} [{string.Join(',', widths)}] must be positive");

    private static void Refuse(string architecture, NetworkOptions o, bool rank = false, bool layers = false, bool dropout = false,
        bool stepSize = false, bool steps = false, bool encoder = false, bool hiddenWidths = false)
    {
        string? unused = (rank && o.Rank is not null) ? "rank"
            : (layers && o.Layers is not null) ? "layers"
            : (dropout && o.Dropout is not null) ? "dropout"
            : (stepSize && o.StepSize is not null) ? "step size (dt)"
            : (steps && o.Steps is not null) ? "steps"
            : (encoder && (o.EncoderWidth is not null || o.DecoderWidths is not null)) ? "encoder or decoder widths"
            : (hiddenWidths && o.HiddenWidths is not null) ? "hidden widths"
            : null;
        if (unused is not null) throw new ArgumentException($"{architecture} has no {unused} setting");
    }
}
