using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dlnet.IO;

namespace Dlnet.Pipeline;

/// <summary>
/// Run configurations as JSON (snake_case, the layout of <see cref="RunConfig"/>): a config file names
/// only what it changes, and is laid over a preset field by field (objects merge, lists and numbers
/// replace). Unknown fields are errors, so a misspelt setting is never silently ignored.
/// </summary>
public static class RunConfigFile
{
    /// <summary>snake_case, indented, unknown members refused.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string ToJson(RunConfig config) => JsonSerializer.Serialize(config, JsonOptions);

    /// <summary>Parses a config file's text into its JSON object, checking every field name and type.</summary>
    /// <exception cref="DataFormatException">Not JSON, not an object, an unknown field or a value of the wrong type.</exception>
    public static JsonObject Parse(string path, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            // Reading it as a whole configuration finds unknown fields and wrong types, with their line.
            JsonSerializer.Deserialize<RunConfig>(text, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, e.LineNumber is long l ? (int)l + 1 : null, Describe(e));
        }
        return node as JsonObject ?? throw new DataFormatException(path, null, "a run configuration must be a JSON object");
    }

    /// <summary>The preset named by the file's <c>preset</c> field, if any.</summary>
    public static string? PresetOf(JsonObject file) =>
        file.TryGetPropertyValue("preset", out var p) && p is JsonValue v && v.TryGetValue(out string? name) ? name : null;

    /// <summary><paramref name="basis"/> with every field that <paramref name="overlay"/> sets replaced.</summary>
    /// <exception cref="DataFormatException">The merged configuration cannot be read (a null where a value is required).</exception>
    public static RunConfig Merge(RunConfig basis, JsonObject overlay, string path)
    {
        var merged = JsonSerializer.SerializeToNode(basis, JsonOptions)!.AsObject();
        Overlay(merged, overlay);
        try
        {
            return merged.Deserialize<RunConfig>(JsonOptions) ?? throw new DataFormatException(path, null, "the configuration is null");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, null, Describe(e));
        }
    }

    /// <summary>Reads <c>config.json</c> of a run folder.</summary>
    /// <exception cref="DataFormatException">Unreadable.</exception>
    public static RunConfig Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(File.ReadAllText(path), JsonOptions)
                ?? throw new DataFormatException(path, null, "the configuration is null");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, e.LineNumber is long l ? (int)l + 1 : null, Describe(e));
        }
    }

    public static void Write(string path, RunConfig config) => AtomicFile.WriteAllText(path, ToJson(config) + "\n");

    /// <summary>Writes <paramref name="config"/> to <paramref name="path"/> unless a file is there already (another shard's).</summary>
    /// <returns>False when the file was there.</returns>
    public static bool TryCreate(string path, RunConfig config) => AtomicFile.TryCreate(path, ToJson(config) + "\n");

    /// <summary>
    /// The first setting in which two configurations differ, as <c>stage1.training.epochs: 12 before, 20 now</c>
    /// (<paramref name="a"/> before, <paramref name="b"/> now), or null when they are the same.
    /// </summary>
    public static string? FirstDifference(RunConfig a, RunConfig b) =>
        FirstDifference(JsonSerializer.SerializeToNode(a, JsonOptions), JsonSerializer.SerializeToNode(b, JsonOptions), "");

    private static string? FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
            {
                string child = path.Length == 0 ? key : path + "." + key;
                if (FirstDifference(oa[key], ob[key], child) is string d) return d;
            }
            return null;
        }
        if (JsonNode.DeepEquals(a, b)) return null;
        return $"{path}: {Show(a)} before, {Show(b)} now";
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static void Overlay(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay)
        {
            if (value is JsonObject child && target[key] is JsonObject existing) Overlay(existing, child);
            else target[key] = value?.DeepClone();
        }
    }

    private static string Describe(JsonException e)
    {
        // The serializer's messages name .NET types; say it in the file's terms.
        string where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $"at {e.Path.TrimStart('$', '.')}: ";
        string what = e.Message;
        int cut = what.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) what = what[..cut];
        if (what.Contains("could not be mapped", StringComparison.Ordinal)) what = "unknown setting (see docs/pipeline.md for the settings)";
        else if (what.Contains("could not be converted", StringComparison.Ordinal)) what = EnumNames(e.Path ?? "") is { } names ? $"not one of {names}" : "value of the wrong type";
        return where + what;
    }

    /// <summary>The allowed names when the setting at <paramref name="path"/> is one of the configuration's named choices.</summary>
    private static string? EnumNames(string path)
    {
        var type = typeof(RunConfig);
        foreach (string segment in path.TrimStart('$', '.').Split('.'))
        {
            var property = type.GetProperties().FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == segment);
            if (property is null) return null;
            type = property.PropertyType;
        }
        return type.IsEnum
            ? string.Join(", ", Enum.GetValues(type).Cast<Enum>().Select(v => JsonSerializer.Serialize(v, type, JsonOptions).Trim('"')))
            : null;
    }
}
