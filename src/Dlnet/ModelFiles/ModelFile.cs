using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.Nn;

namespace Dlnet.ModelFiles;

/// <summary>
/// A model folder: <c>model.safetensors</c> (the weights) and <c>model.json</c> (a
/// <see cref="ModelDescription"/>). Each file is written atomically, weights first, so a folder never
/// holds a description without the weights it describes.
/// </summary>
public static class ModelFile
{
    public const string WeightsFileName = "model.safetensors";

    public const string DescriptionFileName = "model.json";

    /// <summary>Settings for <c>model.json</c>: camelCase, indented, NaN allowed (a split without windows has NaN metrics).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Save(string directory, ModelDescription description, ParameterStore<float> parameters)
    {
        if (description.ParameterCount != parameters.Count)
            throw new ArgumentException($"description says {description.ParameterCount} parameters, the store holds {parameters.Count}");
        Directory.CreateDirectory(directory);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = ModelDescription.FormatName,
            ["architecture"] = description.Architecture,
        };
        ModelWeights.Save(Path.Combine(directory, WeightsFileName), parameters, metadata);
        AtomicFile.WriteAllText(Path.Combine(directory, DescriptionFileName), JsonSerializer.Serialize(description, JsonOptions) + "\n");
    }

    // Reading refuses a null where model.json must hold a value, so a description read is whole.
    private static readonly JsonSerializerOptions ReadOptions = new(JsonOptions) { RespectNullableAnnotations = true };

    /// <summary>Reads and checks <c>model.json</c> of a model folder, every size against <see cref="ModelLimits"/>.</summary>
    /// <exception cref="DataFormatException">Missing, too large, not JSON, not a model description, inconsistent, or beyond a limit.</exception>
    public static ModelDescription ReadDescription(string directory)
    {
        string path = Path.Combine(directory, DescriptionFileName);
        if (!File.Exists(path))
            throw new DataFormatException(directory, null, $"not a model folder: no {DescriptionFileName}");
        byte[] json = BoundedFile.ReadAllBytes(path, ModelLimits.MaxDescriptionBytes, "model description");
        if (!Utf8.IsValid(json)) throw new DataFormatException(path, null, "not a model description: not valid UTF-8");
        ModelDescription? description;
        try { description = JsonSerializer.Deserialize<ModelDescription>(json, ReadOptions); }
        catch (JsonException e) { throw new DataFormatException(path, null, $"not a model description: {e.Message}"); }
        if (description is null) throw new DataFormatException(path, null, "empty model description");
        if (description.Format != ModelDescription.FormatName) throw new DataFormatException(path, null, $"format '{description.Format}' is not '{ModelDescription.FormatName}'");
        if (description.Version != ModelDescription.CurrentVersion) throw new DataFormatException(path, null, $"version {description.Version} is not supported (this build reads version {ModelDescription.CurrentVersion})");
        ModelLimits.Check(description, path);
        try { description.WindowEncoding(); }
        catch (ArgumentException e) { throw new DataFormatException(path, null, $"encoding: {e.Message}"); }
        return description;
    }

    /// <summary>Loads the weights of a model folder into <paramref name="parameters"/> (which must be of the described architecture).</summary>
    public static void ReadWeights(string directory, ParameterStore<float> parameters) =>
        ModelWeights.Load(Path.Combine(directory, WeightsFileName), parameters);

    /// <summary>
    /// Rebuilds the network of a model folder with its architecture (<see cref="ArchitectureRegistry"/>), its weights and its encoding,
    /// as a forecaster (scoring the mean of <paramref name="dropoutPasses"/> Monte Carlo dropout passes when positive).
    /// </summary>
    public static NetworkForecaster Load(string directory, int dropoutPasses = 0)
    {
        var description = ReadDescription(directory);
        string path = Path.Combine(directory, DescriptionFileName);
        INetwork<float> network;
        try { network = ArchitectureRegistry.Named(description.Architecture).Create<float>(description.Options, description.InputLength, description.Horizon); }
        catch (ArgumentException e) { throw new DataFormatException(path, null, e.Message); }
        // The store takes its memory when first used: a network too large is refused before that.
        if (network.Parameters.Count > ModelLimits.MaxParameters)
            throw new DataFormatException(path, null,
                $"a {description.Architecture} of these sizes has {network.Parameters.Count} parameters, more than the {ModelLimits.MaxParameters} this build reads (docs/model-files.md)");
        ReadWeights(directory, network.Parameters);
        var encoding = description.WindowEncoding();
        return new NetworkForecaster(description.Name, network, encoding) { DropoutPasses = dropoutPasses };
    }
}
