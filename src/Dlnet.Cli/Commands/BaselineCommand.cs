using System.CommandLine;
using System.Globalization;
using Dlnet.Architectures;
using Dlnet.Baselines;
using Dlnet.Cli.Common;
using Dlnet.Scoring;
using Dlnet.Splits;
using Spectre.Console;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet baseline</c>: the classical extrapolations scored under a protocol.</summary>
public static class BaselineCommand
{
    private const int InputLength = 100;
    private const int Horizon = 100;

    public static Command Create()
    {
        var data = new DataOptions();
        var protocol = new Option<string>("--protocol")
        {
            Description = "cells: fit on train cells, report on the other split tags (leak-free). paper: the published window-level split.",
            DefaultValueFactory = _ => CellsProtocol.Name,
        };
        protocol.AcceptOnlyFromAmong([.. Protocols.Names]);
        var outputs = new OutputOptions();
        var stride = new Option<int?>("--stride") { Description = "Steps between report windows (cells: default 10; paper: between all windows, default 40)." }.Between(1, NetworkLimits.MaxWindow);
        var seed = new Option<int>("--seed") { Description = "Seed of the random splits.", DefaultValueFactory = _ => 42 };
        var baselines = new Option<string>("--baselines")
        {
            Description = "Comma-separated predictors: last, linearK, quadraticK, cubicK, theilsenK, huberlinearK, huberquadraticK (K = values fitted). Default: the classical family.",
            DefaultValueFactory = _ => string.Join(',', BaselineFactory.Family),
        };

        var cmd = new Command("baseline", "Score the classical extrapolations (last value, lines and quadratics, robust fits) on a data set, and choose the best on the validation cells.")
        {
            protocol, stride, seed, baselines,
        };
        data.AddTo(cmd);
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;

            var forecasters = new List<IForecaster>();
            foreach (string name in parseResult.GetValue(baselines)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct())
            {
                if (!BaselineFactory.TryCreate(name, InputLength, Horizon, out var forecaster, out string? problem))
                {
                    error.WriteLine($"error: --baselines: {problem}");
                    return ExitCodes.Usage;
                }
                forecasters.Add(forecaster!);
            }
            if (forecasters.Count == 0)
            {
                error.WriteLine("error: --baselines names no predictor");
                return ExitCodes.Usage;
            }
            int? strideValue = parseResult.GetValue(stride);

            var series = data.Load(parseResult);
            int seedValue = parseResult.GetValue(seed);
            ProtocolSplits splits = Protocols.Split(parseResult.GetValue(protocol)!, series, seedValue, strideValue);
            var reference = BestClassical.Score(splits, forecasters);

            bool text = outputs.PrintsText(parseResult);
            if (text)
            {
                output.WriteLine($"data {series.Source}: {series.Count} series");
                output.WriteLine($"protocol {splits.Protocol}, seed {seedValue}: " +
                    string.Join(", ", splits.All.Select(s => $"{s.Name} {s.Count} windows / {s.SeriesIndices.Count} series")));
                EvaluationTable.WriteMae(reference.Rows, output, "MAE of SOH over the horizon", reference.Chosen);
                var chosenOn = splits[reference.ChosenOn];
                output.WriteLine($"best classical: {reference.Chosen} (* above), the lowest MAE on the {reference.ChosenOn} split " +
                    $"({chosenOn.Count} windows of {chosenOn.SeriesIndices.Count} series); the report splits play no part in the choice");
            }
            if (outputs.WriteJsonText(parseResult, new EvaluationReport(splits.Protocol, reference.Rows, reference.Choice).ToJson()) is string path && text)
                output.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
