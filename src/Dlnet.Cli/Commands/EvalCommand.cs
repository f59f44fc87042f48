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
    /// <summary>Most passes of <c>--mc-dropout</c>: the mean settles long before.</summary>
    public const int MaxDropoutPasses = 1000;

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
        var mcDropout = new Option<int>("--mc-dropout") { Description = "Score the mean of this many passes with dropout on, as the published method does (0: one pass, dropout off).", DefaultValueFactory = _ => 0 }.Between(0, MaxDropoutPasses);
        var outputs = new OutputOptions();

        var cmd = new Command("eval", "Score a trained model and the classical baselines on the report splits of a data set.")
        {
            model, protocol, splitSeed, baselines, mcDropout,
        };
        data.AddTo(cmd);
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            string modelDir = parseResult.GetValue(model)!;
            var description = ModelFile.ReadDescription(modelDir);
            int passes = parseResult.GetValue(mcDropout);
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
            string protocolName = parseResult.GetValue(protocol) ?? description.Data?.Protocol ?? CellsProtocol.Name;
            int seed = parseResult.GetValue(splitSeed) ?? description.Data?.SplitSeed ?? 42;
            if (description.Data is { } trainedOn && trainedOn.Fingerprint != DataFingerprint.Compute(series))
                stderr.WriteLine($"warning: the data differs from what {description.Name} was trained on ({trainedOn.Source}); report splits may hold windows it was fitted on");
            var splits = Protocols.Split(protocolName, series, seed);
            if (splits.Train.InputLength != network.InputLength || splits.Train.Horizon != network.Horizon)
                throw new InvalidOperationException($"the model maps {network.InputLength} values to {network.Horizon}; the protocol's windows are {splits.Train.InputLength}+{splits.Train.Horizon}");

            var rows = new List<EvaluationRow>();
            foreach (var forecaster in forecasters)
                foreach (var split in splits.Reports)
                    rows.Add(EvaluationRow.From(Evaluator.Evaluate(forecaster, split)));

            bool text = outputs.PrintsText(parseResult);
            if (text)
            {
                stdout.WriteLine($"model {description.Name} ({description.Architecture}, {description.ParameterCount} parameters, form {description.Encoding.Form}{(passes > 0 ? $", mean of {passes} dropout passes" : "")}); protocol {splits.Protocol}, split seed {seed}");
                EvaluationTable.Write(rows, stdout);
            }
            if (outputs.WriteJsonText(parseResult, new EvaluationReport(splits.Protocol, rows).ToJson()) is string path && text)
                stdout.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
