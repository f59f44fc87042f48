using Dlnet.IO;
using Dlnet.ModelFiles;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Cli.Common;

/// <summary>The splits a command uses a model alone on: the protocol and seed the user gave, else those the model was trained (or adapted) under.</summary>
internal static class ModelSplits
{
    /// <exception cref="DataFormatException">The model names a protocol or adaptation cells that this data cannot give.</exception>
    public static RunSplits For(ModelDescription description, SeriesSet series, string? protocol, int? splitSeed)
    {
        var trainedUnder = description.SplitPlan();
        var plan = protocol is null && splitSeed is null ? trainedUnder : new SplitPlan(protocol ?? trainedUnder.Protocol, splitSeed ?? trainedUnder.Seed);
        try { return RunSplits.Of(plan, series); }
        catch (ArgumentException e)
        {
            throw new DataFormatException(series.Source, null, $"cannot split it as {description.Name} was trained: {e.Message}; give --protocol");
        }
    }
}
