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
            Description = "Comma-separated predictors: last, linearK, quadraticK, cubicK (K = values fitted).",
            DefaultValueFactory = _ => string.Join(',', BaselineFactory.DefaultNames),
        };

        var cmd = new Command("baseline", "Score the classical extrapolations (last value, line, quadratic) on a data set.")
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
            foreach (string name in parseResult.GetValue(baselines)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
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

            var rows = new List<EvaluationRow>();
            foreach (var forecaster in forecasters)
                foreach (var split in splits.Reports)
                    rows.Add(EvaluationRow.From(Evaluator.Evaluate(forecaster, split)));

            bool text = outputs.PrintsText(parseResult);
            if (text)
            {
                output.WriteLine($"data {series.Source}: {series.Count} series");
                output.WriteLine($"protocol {splits.Protocol}, seed {seedValue}: " +
                    string.Join(", ", splits.All.Select(s => $"{s.Name} {s.Count} windows / {s.SeriesIndices.Count} series")));
                Render(rows, output);
            }
            if (outputs.WriteJsonText(parseResult, new EvaluationReport(splits.Protocol, rows).ToJson()) is string path && text)
                output.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void Render(IReadOnlyList<EvaluationRow> rows, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = output == Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // Redirected output reports a narrow default width; a table of names and numbers must not wrap.
        console.Profile.Width = Math.Max(console.Profile.Width, 120);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("predictor").NoWrap());
        table.AddColumn(new TableColumn("split").NoWrap());
        foreach (string column in new[] { "windows", "MAE", "RMSE", "MAPE %", "MAE@10", "MAE@100" })
            table.AddColumn(new TableColumn(column).RightAligned().NoWrap());
        foreach (var r in rows)
            table.AddRow(r.Predictor, r.Split, r.Windows.ToString(CultureInfo.InvariantCulture),
                Format(r.Mae, "F5"), Format(r.Rmse, "F5"), Format(r.Mape, "F3"), Format(r.MaeAt10, "F5"), Format(r.MaeAt100, "F5"));
        console.Write(table);
    }

    private static string Format(double? value, string format) =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
