using Dlnet.Fleet;
using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Pipeline;

/// <summary>Settings given on the command line, which override the preset and the config file.</summary>
/// <param name="Data"><c>builtin</c> or a data path (relative to the working folder).</param>
/// <param name="Meta">Metadata CSV path.</param>
/// <param name="NominalCapacity">For data given as capacity.</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="Threads">Cores of the run.</param>
public sealed record RunOverrides(string? Data = null, string? Meta = null, double? NominalCapacity = null, int? Seed = null, int? Threads = null);

/// <summary>
/// Resolves the configuration of a run: the preset (named on the command line, else by the config file's
/// <c>preset</c> field, else <c>quick</c>), the config file laid over it, then the command line. Data paths
/// become absolute: a config file's relative to the file, the command line's relative to the working folder.
/// </summary>
public static class RunConfigResolver
{
    /// <exception cref="DataFormatException">The config file cannot be read, or sets something invalid.</exception>
    /// <exception cref="ArgumentException">Unknown preset, or an override out of range.</exception>
    public static RunConfig Resolve(string? preset, string? configPath, RunOverrides overrides, int defaultThreads)
    {
        RunConfig config;
        if (configPath is null)
        {
            config = RunPresets.Get(preset ?? RunPresets.Quick, defaultThreads);
        }
        else
        {
            if (!File.Exists(configPath)) throw new DataFormatException(configPath, null, "no such config file");
            var file = RunConfigFile.Parse(configPath, File.ReadAllText(configPath));
            string basis = preset ?? RunConfigFile.PresetOf(file) ?? RunPresets.Quick;
            if (!RunPresets.Names.Contains(basis))
                throw new DataFormatException(configPath, null, $"preset: '{basis}' is not one of {string.Join(", ", RunPresets.Names)}");
            var presetConfig = RunPresets.Get(basis, defaultThreads);
            config = RunConfigFile.Merge(presetConfig, file, configPath);
            // A preset's training stride and ageing rates belong to its protocol: a file that switches protocol without
            // setting them gets the new protocol's own (the paper protocol's published step of 40, no resampling).
            if (config.Protocol.Name != presetConfig.Protocol.Name)
            {
                var set = file["protocol"] as System.Text.Json.Nodes.JsonObject;
                if (set?.ContainsKey("train_stride") != true) config = config with { Protocol = config.Protocol with { TrainStride = null } };
                if (set?.ContainsKey("ageing_rates") != true) config = config with { Protocol = config.Protocol with { AgeingRates = null } };
            }
            string folder = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
            // A run shaped by a config file is no longer the preset.
            config = config with { Preset = null, Data = Absolute(config.Data, folder) };
            var problems = RunConfigValidation.Problems(config);
            if (problems.Count > 0) throw new DataFormatException(configPath, null, string.Join("; ", problems));
        }

        if (overrides.Data is not null) config = config with { Data = config.Data with { Source = overrides.Data, Meta = null } };
        if (overrides.Meta is not null) config = config with { Data = config.Data with { Meta = overrides.Meta } };
        if (overrides.NominalCapacity is not null) config = config with { Data = config.Data with { NominalCapacity = overrides.NominalCapacity } };
        if (overrides.Seed is int seed) config = config with { Seed = seed };
        if (overrides.Threads is int threads) config = config with { Threads = threads };
        config = config with { Data = Absolute(config.Data, Directory.GetCurrentDirectory()) };

        var remaining = RunConfigValidation.Problems(config);
        if (remaining.Count > 0) throw new ArgumentException(string.Join("; ", remaining));
        return config;
    }

    /// <summary>Loads the fleet a configuration names: the built-in synthetic fleet or a data path.</summary>
    /// <exception cref="DataFormatException">The data cannot be used.</exception>
    public static SeriesSet LoadData(DataConfig data) =>
        FleetSource.Load(data.Source, new FleetLoadOptions { NominalCapacity = data.NominalCapacity, MetadataPath = data.Meta });

    private static DataConfig Absolute(DataConfig data, string folder) => data with
    {
        Source = data.Source == DataConfig.BuiltIn ? data.Source : Path.GetFullPath(data.Source, folder),
        Meta = data.Meta is null ? null : Path.GetFullPath(data.Meta, folder),
    };
}
