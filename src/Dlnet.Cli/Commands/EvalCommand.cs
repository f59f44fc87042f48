using System.CommandLine;
using Dlnet.Architectures;
using Dlnet.Baselines;
using Dlnet.Cli.Common;
using Dlnet.Fleet;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Scoring;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Cli.Commands;

/// <summary>
/// <c>dlnet eval</c>: a trained model next to the classical family, on the same windows. On the data it was
/// trained on, or on any fleet with cells tagged <c>train</c>, it scores the protocol's validation and report
/// splits; on a fleet it has never seen that holds no <c>train</c> tag, it scores every cell
/// (<see cref="WholeFleet"/>). With <c>--int8</c> the model is its integer engine, bit for bit the firmware.
/// </summary>
public static class EvalCommand
{
    /// <summary>Most dropout passes one evaluation may take.</summary>
    public const int MaxDropoutPasses = 1000;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (model.safetensors and model.json), as written by dlnet train or dlnet run.", Required = true };
        var data = new DataOptions();
        var protocol = new Option<string?>("--protocol") { Description = "cells or paper (default: the protocol the model was trained under)." };
        protocol.AcceptOnlyFromAmong([.. Protocols.Names]);
        var splitSeed = new Option<int?>("--split-seed") { Description = "Seed of the protocol's random splits (default: the model's)." };
        var baselines = new Option<string>("--baselines")
        {
            Description = "Comma-separated classical predictors to compare with: last, linearK, quadraticK, cubicK, theilsenK, huberlinearK, huberquadraticK. Default: the classical family.",
            DefaultValueFactory = _ => string.Join(',', BaselineFactory.Family),
        };
        var mcDropout = new Option<int>("--mc-dropout") { Description = "Score the mean of this many passes with dropout on, as the published method does (0: one pass, dropout off).", DefaultValueFactory = _ => 0 }.Between(0, MaxDropoutPasses);
        var int8 = new Option<bool>("--int8") { Description = "Score the model's integer (int8) engine, bit for bit what the firmware computes (Euler students)." };
        var trainingData = new Option<string?>("--training-data")
        {
            Description = "With --int8: the data the model was trained on, whose training windows calibrate the int8 scales " +
                          "(default: --data when it is that data, else the built-in fleet or the path in model.json).",
        };
        var outputs = new OutputOptions();

        var cmd = new Command("eval", "Score a trained model and the classical extrapolations on a data set: its report splits, or every cell of a fleet the model has not seen.")
        {
            model, protocol, splitSeed, baselines, mcDropout, int8, trainingData,
        };
        data.AddTo(cmd);
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            string modelDir = parseResult.GetValue(model)!;
            int passes = parseResult.GetValue(mcDropout);
            bool integer = parseResult.GetValue(int8);
            string? calibration = parseResult.GetValue(trainingData);
            if (integer && passes > 0) throw new UsageException("--mc-dropout samples the float model; the int8 engine has no dropout");
            if (calibration is not null && !integer) throw new UsageException("--training-data calibrates the int8 engine: give it with --int8");

            var description = ModelFile.ReadDescription(modelDir);
            var family = new List<IForecaster>();
            foreach (string name in parseResult.GetValue(baselines)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct())
            {
                if (!BaselineFactory.TryCreate(name, description.InputLength, description.Horizon, out var member, out string? problem))
                    throw new UsageException($"--baselines: {problem}");
                family.Add(member!);
            }
            if (family.Count == 0) throw new UsageException("--baselines names no predictor");

            var series = data.Load(parseResult);
            bool trainedOnIt = description.Data is { } d && d.Fingerprint == DataFingerprint.Compute(series);
            IForecaster forecaster = integer
                ? Int8Forecasters.Load(modelDir, calibration is not null ? FleetSource.Load(calibration) : trainedOnIt ? series : null, "--training-data")
                : ModelFile.Load(modelDir, passes);

            bool newFleet = !trainedOnIt && !series.Any(s => s.Split == CellsProtocol.TrainTag);
            string scheme, reported;
            IReadOnlyList<WindowSet> scored;
            ClassicalReference? reference = null;
            IReadOnlyList<EvaluationRow> classicalRows;
            if (newFleet)
            {
                scheme = reported = WholeFleet.Name;
                scored = WholeFleet.Splits(series);
                CheckWindow(forecaster, scored[0]);
                classicalRows = [.. family.SelectMany(f => scored.Select(s => EvaluationRow.From(Evaluator.Evaluate(f, s))))];
            }
            else
            {
                int seed = parseResult.GetValue(splitSeed) ?? description.Data?.SplitSeed ?? 42;
                if (description.Data is { } trained && !trainedOnIt)
                    stderr.WriteLine($"warning: the data differs from what {description.Name} was trained on ({trained.Source}); report splits may hold windows it was fitted on");
                var splits = ModelSplits.For(description, series, parseResult.GetValue(protocol), parseResult.GetValue(splitSeed)).Windows;
                CheckWindow(forecaster, splits.Train);
                reported = splits.Protocol;
                scheme = $"protocol {splits.Protocol}, split seed {seed}";
                reference = BestClassical.Score(splits, family);
                scored = [.. reference.Rows.Select(r => r.Split).Distinct().Select(s => splits[s])];
                classicalRows = reference.Rows;
            }

            var rows = scored.Select(s => EvaluationRow.From(Evaluator.Evaluate(forecaster, s))).Concat(classicalRows).ToArray();
            bool text = outputs.PrintsText(parseResult);
            if (text)
            {
                stdout.WriteLine($"model {description.Name} ({description.Architecture}, {description.ParameterCount} parameters, form {description.Encoding.Form}" +
                    $"{(integer ? ", int8 engine" : "")}{(passes > 0 ? $", mean of {passes} dropout passes" : "")}); {scheme}");
                EvaluationTable.WriteMae(rows, stdout, "MAE of SOH over the horizon", reference?.Chosen);
                stdout.WriteLine(reference is null
                    ? $"every cell of the fleet scored ({string.Join(", ", scored.Select(s => $"{s.Name} {s.Count} windows / {s.SeriesIndices.Count} cells"))}); " +
                      "the fleet has no validation cells, so no best classical extrapolation is chosen: the whole family is listed"
                    : $"best classical: {reference.Chosen} (*), the lowest MAE on the {reference.ChosenOn} split");
            }
            if (outputs.WriteJsonText(parseResult, new EvaluationReport(reported, rows, reference?.Choice).ToJson()) is string path && text)
                stdout.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void CheckWindow(IForecaster forecaster, WindowSet windows)
    {
        if (windows.InputLength != forecaster.InputLength || windows.Horizon != forecaster.Horizon)
            throw new InvalidOperationException($"the model maps {forecaster.InputLength} values to {forecaster.Horizon}; the windows are {windows.InputLength}+{windows.Horizon}");
    }
}
