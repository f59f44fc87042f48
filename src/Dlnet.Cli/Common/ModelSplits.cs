using Dlnet.IO;
using Dlnet.ModelFiles;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Cli.Common;

/// <summary>The splits a command scores a model on: the protocol and seed the user gave, else those the model was trained (or adapted) under.</summary>
internal static class ModelSplits
{
    /// <exception cref="DataFormatException">The model names a protocol or adaptation cells that this data cannot give.</exception>
    public static ProtocolSplits For(ModelDescription description, SeriesSet series, string? protocol, int? splitSeed)
    {
        try
        {
            if (protocol is null && splitSeed is null && description.Data is { } trainedOn) return trainedOn.Split(series);
            return Protocols.Split(protocol ?? description.Data?.Protocol ?? CellsProtocol.Name, series, splitSeed ?? description.Data?.SplitSeed ?? new CellsProtocolOptions().Seed);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(series.Source, null, $"cannot split it as {description.Name} was trained: {e.Message}; give --protocol");
        }
    }
}
