using System.CommandLine;
using System.Globalization;
using Dlnet.Cli.Common;
using Dlnet.Fleet;
using Dlnet.IO;
using Spectre.Console;

namespace Dlnet.Cli.Commands;

/// <summary>
/// <c>dlnet data artefacts &lt;measured&gt; --smoothed &lt;path&gt;</c>: the noise, spikes, steps, recoveries and
/// missing cycles of measured capacity series against their smoothed twins (<see cref="ArtefactMeasurement"/>),
/// the numbers the built-in fleet's artefacts are sized from.
/// </summary>
public static class DataArtefactsCommand
{
    public static Command Create()
    {
        var measured = new Argument<string>("measured") { Description = "The measured series (cell,cycle,soh; cycle = rank of the measured cycle), in any form dlnet data inspect reads." };
        var smoothed = new Option<string>("--smoothed") { Description = "The smoothed series of the same cells (same ids, one value per cycle).", Required = true };
        var outputs = new OutputOptions();
        var cmd = new Command("artefacts", "Measure noise, spikes, steps, recoveries and missing cycles of measured series against their smoothed twins.");
        cmd.Arguments.Add(measured);
        cmd.Options.Add(smoothed);
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            var raw = FleetLoader.Load(parseResult.GetValue(measured)!);
            var smooth = FleetLoader.Load(parseResult.GetValue(smoothed)!);
            ArtefactSizes sizes;
            try { sizes = ArtefactMeasurement.Measure(raw, smooth); }
            catch (ArgumentException e) { throw new DataFormatException(raw.Source, null, e.Message); }
            if (outputs.PrintsText(parseResult)) Print(sizes, parseResult.InvocationConfiguration.Output);
            outputs.WriteJson(parseResult, sizes);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void Print(ArtefactSizes s, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{s.Cells} cells measured ({s.CellsLeftOut} left out), {s.Values:N0} measured values"));
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("artefact").NoWrap());
        table.AddColumn(new TableColumn("measured").NoWrap());
        table.AddRow("noise sd (cells p10 / median / p90)", string.Create(c, $"{s.NoiseP10:0.00e0} / {s.NoiseMedian:0.00e0} / {s.NoiseP90:0.00e0}"));
        table.AddRow("spikes and dips", Events(s.Spikes, "dips", up: false) + string.Create(c, $", one more cycle {s.SpikeContinuation:P0}"));
        table.AddRow("steps", Events(s.Steps, "up", up: true));
        table.AddRow("recoveries", Events(s.Recoveries, "up", up: true) + string.Create(c, $", half-life {s.RecoveryHalfLifeMedian:0} cycles"));
        table.AddRow("missing cycles (cells median)", string.Create(c, $"{s.MissingShareMedian:P1}; gaps {s.GapRatePerCycle:0.0000} per cycle, {s.GapMeanLength:0.0} long on average"));
        table.AddRow("sparse cells", string.Create(c, $"{s.SparseCellShare:P1}, missing {s.SparseMissingMedian:P0} (median)"));
        EvaluationTable.ConsoleFor(output).Write(table);
        output.WriteLine(string.Create(c, $"sizes in SOH; events of at least {ArtefactMeasurement.EventFloor:0e0}; a is the exponent of P(size > x) = (x / {ArtefactMeasurement.EventFloor:0e0})^-a"));
    }

    private static string Events(EventSizes e, string share, bool up) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Count} ({e.RatePerCycle:0.00000} per cycle), {(up ? e.UpShare : 1 - e.UpShare):P0} {share}, size median {e.SizeMedian:0.0000}, p90 {e.SizeP90:0.0000}, max {e.SizeMax:0.0000}, a {e.Exponent:0.00}");
}
