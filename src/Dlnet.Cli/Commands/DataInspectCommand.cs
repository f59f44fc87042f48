using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dlnet.Cli.Common;
using Dlnet.Fleet;
using Dlnet.IO;

namespace Dlnet.Cli.Commands;

/// <summary>
/// <c>dlnet data inspect &lt;path&gt;</c>: loads a fleet in any supported form and reports its size, cycles per
/// cell, SOH range, split and every problem found, as text and optionally as JSON.
/// </summary>
public static class DataInspectCommand
{
    private const int ProblemsShownPerKind = 10;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "A long CSV or Parquet file (cell,cycle,soh or cell,cycle,capacity), a folder of per-cell CSV files or BatNNN_SOH.xlsx workbooks, or a data folder holding cells.csv or xlsx/.",
        };
        var outputs = new OutputOptions();
        var nominal = new Option<double?>("--nominal-capacity")
        {
            Description = "Nominal capacity of the cells (same unit as the capacity column), to turn capacity into SOH.",
        }.Within(0, DataOptions.MaxNominalCapacity, excludeLow: true);
        var meta = new Option<string?>("--meta")
        {
            Description = "Metadata CSV (cell,...,split). Default: <stem>_meta.csv beside <stem>.csv, or cells_meta.csv in a data folder.",
        };

        var cmd = new Command("inspect", "Load battery data and report cells, cycles, SOH range, split and problems.");
        cmd.Arguments.Add(path);
        cmd.Options.Add(nominal);
        cmd.Options.Add(meta);
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var options = new FleetLoadOptions { NominalCapacity = parseResult.GetValue(nominal), MetadataPath = parseResult.GetValue(meta) };

            var fleet = FleetLoader.Read(parseResult.GetValue(path)!, options);
            var report = FleetInspection.Of(fleet);
            bool text = outputs.PrintsText(parseResult);
            if (text) Print(report, output);
            if (outputs.WriteJsonText(parseResult, JsonSerializer.Serialize(report, Json)) is string jsonPath && text)
                output.WriteLine($"wrote {jsonPath}");
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void Print(FleetInspection r, TextWriter o)
    {
        var lines = new List<(string Label, string Text)>
        {
            ("data", $"{r.Source} ({Describe(r.Format)})"),
            ("metadata", r.Metadata ?? "none"),
            ("cells", $"{r.Cells}"),
            ("cycles", $"{r.TotalCycles} in all; per cell min {r.CyclesPerCell.Min}, median {N(r.CyclesPerCell.Median)}, max {r.CyclesPerCell.Max}"),
            ("SOH first", Range(r.FirstSoh)),
            ("SOH last", Range(r.LastSoh)),
            ("SOH all", Range(r.Soh)),
            ("splits", Splits(r)),
            ("problems", r.Problems.Count == 0 ? "none" : $"{r.Problems.Count}"),
        };
        int width = lines.Max(l => l.Label.Length) + 2;
        foreach (var (label, text) in lines) o.WriteLine(label.PadRight(width) + text);

        foreach (var group in r.Problems.GroupBy(p => p.Kind))
        {
            o.WriteLine($"  {Describe(group.Key, r.Limits)}: {group.Count()}");
            foreach (var p in group.Take(ProblemsShownPerKind)) o.WriteLine($"    {p.Message}");
            int more = group.Count() - ProblemsShownPerKind;
            if (more > 0) o.WriteLine($"    ... and {more} more (all are in --json)");
        }
    }

    private static string Splits(FleetInspection r)
    {
        if (r.Splits.Count == 0) return "none (no split tag)";
        var parts = r.Splits.Select(s => $"{s.Split} {s.Cells} cells ({s.Cycles} cycles)").ToList();
        if (r.CellsWithoutSplit > 0) parts.Add($"no split {r.CellsWithoutSplit} cells");
        return string.Join(", ", parts);
    }

    private static string Describe(FleetFormat format) => format switch
    {
        FleetFormat.LongCsv => "long CSV",
        FleetFormat.LongParquet => "long Parquet",
        FleetFormat.CellCsvFolder => "per-cell CSV files",
        FleetFormat.WorkbookFolder => "per-cell workbooks",
        _ => format.ToString(),
    };

    private static string Describe(DataProblemKind kind, InspectionLimits limits) => kind switch
    {
        DataProblemKind.TooShort => $"too short for one window (< {limits.MinCycles} cycles)",
        DataProblemKind.OutsideWindowRange => $"SOH outside ({N(limits.WindowLow)}, {N(limits.WindowHigh)}], dropped by windowing",
        DataProblemKind.CycleGap => "gaps in cycle numbers",
        DataProblemKind.MetadataMismatch => "metadata mismatches",
        DataProblemKind.Ignored => "ignored",
        DataProblemKind.UnknownSplit => "unknown split tags (the cells protocol refuses them)",
        _ => kind.ToString(),
    };

    private static string Range(ValueRange v) => $"{v.Min.ToString("0.0000", CultureInfo.InvariantCulture)} .. {v.Max.ToString("0.0000", CultureInfo.InvariantCulture)}";

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
