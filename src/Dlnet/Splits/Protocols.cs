using Dlnet.Series;

namespace Dlnet.Splits;

/// <summary>The evaluation protocols by name, for commands that let the user choose one.</summary>
public static class Protocols
{
    /// <summary><c>cells</c> (the default) and <c>paper</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [CellsProtocol.Name, PaperProtocol.Name];

    /// <summary>
    /// Splits <paramref name="series"/> under the named protocol with its default settings, apart from the
    /// seed and, when given, the stride: of the validation and report windows under <c>cells</c>, of all
    /// windows under <c>paper</c>.
    /// </summary>
    public static ProtocolSplits Split(string name, SeriesSet series, int seed, int? stride = null) => name switch
    {
        CellsProtocol.Name => CellsProtocol.Split(series, new CellsProtocolOptions { Seed = seed, EvalStride = stride ?? new CellsProtocolOptions().EvalStride }),
        PaperProtocol.Name => PaperProtocol.Split(series, new PaperProtocolOptions { Seed = seed, Stride = stride ?? new PaperProtocolOptions().Stride }),
        _ => throw new ArgumentException($"unknown protocol '{name}': use {string.Join(" or ", Names)}", nameof(name)),
    };
}
