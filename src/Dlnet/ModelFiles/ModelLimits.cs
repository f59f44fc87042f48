using Dlnet.IO;

namespace Dlnet.ModelFiles;

/// <summary>
/// The largest model folder this build reads (docs/model-files.md). A model folder is checked against them
/// before anything of the size it declares is allocated. Each lies far above what the method uses (windows of
/// 100 values, widths up to 256, a teacher of some 10^5 parameters), and low enough that reading, building and
/// running the largest model allowed fits a small machine.
/// </summary>
public static class ModelLimits
{
    /// <summary>Largest <c>model.json</c>, in bytes.</summary>
    public const int MaxDescriptionBytes = 1 << 20;

    /// <summary>Largest input length and horizon (values per window each side).</summary>
    public const int MaxWindow = 1024;

    /// <summary>Largest hidden size, rank, encoder width and decoder or MLP layer width.</summary>
    public const int MaxWidth = 1024;

    /// <summary>Most recurrent layers, decoder layers or MLP hidden layers.</summary>
    public const int MaxLayers = 16;

    /// <summary>Most solver steps of the liquid block.</summary>
    public const int MaxSteps = 32;

    /// <summary>Most float parameters of a model (64 MiB of weights).</summary>
    public const int MaxParameters = 1 << 24;

    /// <summary>Largest <c>model.safetensors</c>: the length prefix, the largest header, and the largest model's values.</summary>
    public const long MaxWeightsBytes = 8 + SafeTensors.MaxHeaderBytes + (long)MaxParameters * sizeof(float);

    /// <summary>Checks every size <paramref name="d"/> declares; <paramref name="path"/> names <c>model.json</c> in errors.</summary>
    /// <exception cref="DataFormatException">A size beyond its limit (or below one).</exception>
    public static void Check(ModelDescription d, string path)
    {
        void Range(string field, long value, long min, long max)
        {
            if (value < min || value > max)
                throw new DataFormatException(path, null, $"{field} {value} is outside {min} to {max}, the sizes this build reads (docs/model-files.md)");
        }

        void Widths(string field, int[]? widths)
        {
            if (widths is null) return;
            Range($"{field} (count)", widths.Length, 0, MaxLayers);
            for (int i = 0; i < widths.Length; i++) Range($"{field}[{i}]", widths[i], 1, MaxWidth);
        }

        Range("inputLength", d.InputLength, 1, MaxWindow);
        Range("horizon", d.Horizon, 1, MaxWindow);
        Range("parameterCount", d.ParameterCount, 0, MaxParameters);
        var o = d.Options;
        if (o.Hidden is int hidden) Range("options.hidden", hidden, 1, MaxWidth);
        if (o.Rank is int rank) Range("options.rank", rank, 1, MaxWidth);
        if (o.Layers is int layers) Range("options.layers", layers, 0, MaxLayers);
        if (o.Steps is int steps) Range("options.steps", steps, 1, MaxSteps);
        if (o.EncoderWidth is int encoder) Range("options.encoderWidth", encoder, 1, MaxWidth);
        Widths("options.decoderWidths", o.DecoderWidths);
        Widths("options.hiddenWidths", o.HiddenWidths);
        Range("encoding.tailLength", d.Encoding.TailLength, 0, d.InputLength);
    }
}
