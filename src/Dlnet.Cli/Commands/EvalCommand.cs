using System.CommandLine;
using Dlnet.Baselines;
using Dlnet.Cli.Common;
using Dlnet.ModelFiles;
using Dlnet.Scoring;
using Dlnet.Splits;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet eval</c>: a trained model next to the classical baselines, on the same windows.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (model.safetensors and model.json), as written by dlnet train.", Required = true };
        var data = new DataOptions();
        var protocol = new Option<string?>("--protocol") { Description = "cells or paper (default: the protocol the model was trained under)." };
        protocol.AcceptOnlyFromAmong([.. Protocols.Names]);
        var splitSeed = new Option<int?>("--split-seed") { Description = "Seed of the protocol's random splits (default: the model's)." };
        var baselines = new Option<string>("--baselines")
        {
            Description = "Comma-separated classical predictors to compare with: last, linearK, quadraticK, cubicK.",
            DefaultValueFactory = _ => string.Join(',', BaselineFactory.DefaultNames),
        };
        var mcDropout = new Option<int>("--mc-dropout") { Description = "Score the mean of this many passes with dropout on, as the published method does (0: one pass, dropout off).", DefaultValueFactory = _ => 0 };
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file (the form of dlnet baseline --json)." };

        var cmd = new Command("eval", "Score a trained model and the classical baselines on the report splits of a data set.")
        {
            model, protocol, splitSeed, baselines, mcDropout, json,
        };
        data.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            string modelDir = parseResult.GetValue(model)!;
            var description = ModelFile.ReadDescription(modelDir);
            int passes = parseResult.GetValue(mcDropout);
            if (passes < 0) throw new UsageException($"--mc-dropout must not be negative, got {passes}");
            var network = ModelFile.Load(modelDir, passes);

            var forecasters = new List<IForecaster> { network };
            foreach (string name in parseResult.GetValue(baselines)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!BaselineFactory.TryCreate(name, network.InputLength, network.Horizon, out var forecaster, out string? problem))
                {
                    stderr.WriteLine($"error: --baselines: {problem}");
                    return ExitCodes.Usage;
                }
                forecasters.Add(forecaster!);
            }

            var series = data.Load(parseResult);
            if (description.Data is { } trainedOn && trainedOn.Fingerprint != DataFingerprint.Compute(series))
                stderr.WriteLine($"warning: the data differs from what {description.Name} was trained on ({trainedOn.Source}); report splits may hold windows it was fitted on");
            int seed = parseResult.GetValue(splitSeed) ?? description.Data?.SplitSeed ?? 42;
            var splits = ModelSplits.For(description, series, parseResult.GetValue(protocol), parseResult.GetValue(splitSeed));
            if (splits.Train.InputLength != network.InputLength || splits.Train.Horizon != network.Horizon)
                throw new InvalidOperationException($"the model maps {network.InputLength} values to {network.Horizon}; the protocol's windows are {splits.Train.InputLength}+{splits.Train.Horizon}");

            var rows = new List<EvaluationRow>();
            foreach (var forecaster in forecasters)
                foreach (var split in splits.Reports)
                    rows.Add(EvaluationRow.From(Evaluator.Evaluate(forecaster, split)));

            stdout.WriteLine($"model {description.Name} ({description.Architecture}, {description.ParameterCount} parameters, form {description.Encoding.Form}{(passes > 0 ? $", mean of {passes} dropout passes" : "")}); protocol {splits.Protocol}, split seed {seed}");
            EvaluationTable.Write(rows, stdout);
            if (parseResult.GetValue(json) is string path)
            {
                new EvaluationReport(splits.Protocol, rows).Write(path);
                stdout.WriteLine($"wrote {path}");
            }
            return ExitCodes.Success;
        });
        return cmd;
    }
}
