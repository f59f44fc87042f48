using System.Globalization;
using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.Int8;
using Dlnet.Nn;
using Dlnet.Optimization;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Pipeline;

/// <summary>
/// Checks a resolved <see cref="RunConfig"/> before any data is read or any network trained, and says
/// every problem in the config file's terms (<c>stage1.grid[0].hidden: ...</c>).
/// </summary>
public static class RunConfigValidation
{
    /// <summary>Input length and horizon of every network (the protocols' windows).</summary>
    private const int Window = 100;

    public static IReadOnlyList<string> Problems(RunConfig c)
    {
        var problems = new List<string>();
        void Check(bool ok, string problem) { if (!ok) problems.Add(problem); }
        var inv = CultureInfo.InvariantCulture;

        Check(!string.IsNullOrWhiteSpace(c.Data.Source), "data.source: empty (use builtin or a path)");
        Check(c.Data.NominalCapacity is null or > 0 && (c.Data.NominalCapacity is not double n || double.IsFinite(n)), "data.nominal_capacity: must be a positive number");
        Check(Protocols.Names.Contains(c.Protocol.Name), $"protocol.name: '{c.Protocol.Name}' is not one of {string.Join(", ", Protocols.Names)}");
        Check(c.Protocol.TrainStride is null or > 0, "protocol.train_stride: must be positive");
        Check(c.Protocol.EvalStride is null or > 0, "protocol.eval_stride: must be positive");
        Check(c.Protocol.EvalStride is null || c.Protocol.Name == CellsProtocol.Name, "protocol.eval_stride: only the cells protocol has one (paper: train_stride is the stride of all windows)");
        if (c.Protocol.AgeingRates is { Count: > 0 } rates)
        {
            Check(c.Protocol.Name == CellsProtocol.Name, "protocol.ageing_rates: only the cells protocol resamples its training cells");
            Check(rates.Count <= AgeingRateAugmentation.MaxRates, $"protocol.ageing_rates: at most {AgeingRateAugmentation.MaxRates} rates");
            Check(rates.All(AgeingRate.IsValid), $"protocol.ageing_rates: each rate must be between {AgeingRate.Min.ToString(inv)} and {AgeingRate.Max.ToString(inv)}");
            Check(rates.Distinct().Count() == rates.Count && !rates.Contains(1), "protocol.ageing_rates: each rate once, and not 1 (the measured cells are always used)");
        }
        Check(c.Threads is > 0 and <= TrainingOptions.MaxThreads, $"threads: must be between 1 and {TrainingOptions.MaxThreads}");

        var teacher = Network(problems, "teacher", c.Teacher.Architecture, c.Teacher.Options);
        Training(problems, "teacher.training", c.Teacher.Training);

        Check(c.Stage1.Grid.Count > 0, "stage1.grid: empty (list at least one student)");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < c.Stage1.Grid.Count; i++)
        {
            var entry = c.Stage1.Grid[i];
            string at = $"stage1.grid[{i}]";
            if (ArchitectureRegistry.Find(entry.Architecture) is null)
            {
                problems.Add($"{at}.architecture: '{entry.Architecture}' is not one of {string.Join(", ", ArchitectureRegistry.Names)}");
                continue;
            }
            Check(entry.Hidden.Count > 0, $"{at}.hidden: empty");
            Check(entry.Rank is null || entry.Rank.Count > 0, $"{at}.rank: empty (omit it for the default)");
            Check(entry.EncoderWidth is null || entry.EncoderWidth.Count > 0, $"{at}.encoder_width: empty (omit it for the default)");
            Check(entry.DecoderWidths is null || entry.DecoderWidths.Count > 0, $"{at}.decoder_widths: empty (omit it for the default)");
            Check(entry.Layers is null || entry.Layers.Count > 0, $"{at}.layers: empty (omit it for the default)");
            Check(entry.Restarts is >= 1 and <= Restarts.Max, $"{at}.restarts: must be between 1 and {Restarts.Max}");
            foreach (var options in entry.Expand())
            {
                string name = CandidateNames.Stage1(entry.Architecture, options);
                if (Network(problems, $"{at} ({name})", entry.Architecture, options) is not { } network) break;
                if (!CandidateTrainer.CanDistil(network, c.Stage1.Distillation, fromInitial: false))
                {
                    problems.Add($"{at}: stage1.distillation.hidden_weight and quantization_aware need a student with a latent state and a fake-quantised form (as {ArchitectureRegistry.Listed<IQuantizationAwareArchitecture>()} have), not {entry.Architecture}");
                    break;
                }
                if (!names.TryAdd(name, at)) problems.Add($"{at}: makes {name} again (also from {names[name]}); grid entries must differ in a size");
            }
        }
        Training(problems, "stage1.training", c.Stage1.Training);
        Distillation(problems, "stage1.distillation", c.Stage1.Distillation);
        // An unusable teacher is reported above; a latent state is asked only of one that builds.
        bool latentTeacher = teacher is null or ILatentNetwork<float>;
        Check(latentTeacher || c.Stage1.Distillation.HiddenWeight == 0, $"stage1.distillation.hidden_weight: the latent term needs a teacher with a latent state, which {c.Teacher.Architecture} has not");
        Check(latentTeacher || c.Stage2.Distillation.HiddenWeight == 0, $"stage2.distillation.hidden_weight: the latent term needs a teacher with a latent state, which {c.Teacher.Architecture} has not");

        Check(c.Selection.MaxSurvivors > 0, "selection.max_survivors: must be positive");
        Check(double.IsFinite(c.Selection.ErrorTolerance), "selection.error_tolerance: must be a number (negative for no limit)");

        Check(c.Pruning.Ratios.Count > 0, "pruning.ratios: empty (use [0] to distil again without pruning)");
        foreach (double r in c.Pruning.Ratios)
            Check(r is >= 0 and < 1, $"pruning.ratios: {r.ToString(inv)} is not in [0, 1)");
        Check(c.Pruning.Ratios.Distinct().Count() == c.Pruning.Ratios.Count, "pruning.ratios: a ratio is listed twice");
        Check(c.Pruning.MinimumPerLayer >= 1, "pruning.minimum_per_layer: must be at least 1");
        Check(c.Pruning.Normalization is "layer_rms" or "none", $"pruning.normalization: '{c.Pruning.Normalization}' is not layer_rms or none");
        Check(c.Pruning.Layers is null || c.Pruning.Layers.Count > 0, "pruning.layers: empty (omit it to prune every layer)");

        Training(problems, "stage2.training", c.Stage2.Training);
        Check(c.Stage2.PruningSteps is >= 1 and <= Compression.PruningSchedule.MaxSteps,
            $"stage2.pruning_steps: {c.Stage2.PruningSteps} is not between 1 and {Compression.PruningSchedule.MaxSteps}");
        Distillation(problems, "stage2.distillation", c.Stage2.Distillation);

        Check(c.Budget.FlashBytes > 0, "budget.flash_bytes: must be positive");
        Check(c.Budget.RamBytes > 0, "budget.ram_bytes: must be positive");
        Check(c.Budget.LatencyMs > 0 && double.IsFinite(c.Budget.LatencyMs), "budget.latency_ms: must be positive");
        Check(c.Budget.CodeBytes >= 0, "budget.code_bytes: must not be negative");
        Check(c.Budget.RamOverheadBytes >= 0, "budget.ram_overhead_bytes: must not be negative");
        return problems;
    }

    /// <summary>The network <paramref name="architecture"/> builds from <paramref name="options"/>, or null with the problem said.</summary>
    private static INetwork<float>? Network(List<string> problems, string at, string architecture, NetworkOptions options)
    {
        try
        {
            return ArchitectureRegistry.Named(architecture).Create<float>(options, Window, Window);
        }
        catch (ArgumentException e)
        {
            problems.Add($"{at}: {e.Message}");
            return null;
        }
    }

    private static void Training(List<string> problems, string at, TrainingConfig t)
    {
        try { t.ToOptions(seed: 0, threads: 1).Validate(); }
        catch (ArgumentException e) { problems.Add($"{at}: {FirstLine(e.Message)}"); }
    }

    private static void Distillation(List<string> problems, string at, DistillationConfig d)
    {
        if (d.Schedule is not ("linear" or "constant")) problems.Add($"{at}.schedule: '{d.Schedule}' is not linear or constant");
        if (d.Divergence is not ("mse" or "cosine")) problems.Add($"{at}.divergence: '{d.Divergence}' is not mse or cosine");
        if (d.LambdaStart is not (>= 0 and <= 1)) problems.Add($"{at}.lambda_start: must lie in [0, 1]");
        if (d.LambdaEnd is not (>= 0 and <= 1)) problems.Add($"{at}.lambda_end: must lie in [0, 1]");
        if (!(d.HiddenWeight >= 0 && double.IsFinite(d.HiddenWeight))) problems.Add($"{at}.hidden_weight: must not be negative");
    }

    // ArgumentOutOfRangeException appends the parameter name and value on lines of their own.
    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
