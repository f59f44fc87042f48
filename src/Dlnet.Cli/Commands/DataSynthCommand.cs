using System.CommandLine;
using System.Globalization;
using Dlnet.Cli.Common;
using Dlnet.Fleet;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet data synth</c>: writes the built-in synthetic fleet, or one like it, as long CSV.</summary>
public static class DataSynthCommand
{
    public static Command Create()
    {
        var defaults = SyntheticFleetOptions.Default;
        var cells = new Option<int>("--cells")
        {
            Description = "Number of cells.",
            DefaultValueFactory = _ => defaults.CellCount,
        }.Between(1, SyntheticFleetOptions.MaxCellCount);
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the random draws; the same seed writes the same bytes.",
            DefaultValueFactory = _ => defaults.Seed,
        };
        var noise = new Option<double>("--noise")
        {
            Description = "Standard deviation of Gaussian noise added to every SOH value of every cell, on top of the artefacts.",
            DefaultValueFactory = _ => defaults.NoiseStdDev,
        }.Within(0, 1);
        var artefacts = new Option<string>("--artefacts")
        {
            Description = "measured: the noise, spikes, steps, recoveries and missing cycles of the measured MIT-Stanford cells (docs/synthetic-fleet.md); none: the smooth curves.",
            DefaultValueFactory = _ => "measured",
        };
        artefacts.Validators.Add(r =>
        {
            string? value = r.GetValueOrDefault<string>();
            if (value is not ("measured" or "none")) r.AddError($"--artefacts must be measured or none, not '{value}'.");
        });
        var output = new Option<string>("--out")
        {
            Description = "CSV file to write (cell,cycle,soh); the tags go to <name>_meta.csv beside it.",
            Required = true,
        }.WritesFile();

        var cmd = new Command("synth", "Write a synthetic fleet that ages like the MIT-Stanford cells (the built-in data).")
        {
            cells, seed, noise, artefacts, output,
        };
        var outputs = new OutputOptions();
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            var options = defaults with
            {
                CellCount = parseResult.GetValue(cells),
                Seed = parseResult.GetValue(seed),
                NoiseStdDev = parseResult.GetValue(noise),
                Artefacts = parseResult.GetValue(artefacts) == "none" ? MeasurementArtefactOptions.None : MeasurementArtefactOptions.Measured,
            };
            var set = SyntheticFleet.Generate(options);
            string csv = parseResult.GetValue(output)!;
            string? meta = LongCsvWriter.Write(set, csv);

            var (train, test1, test2) = SyntheticFleet.SplitCounts(options);
            long rows = set.Sum(s => (long)s.Length);
            string written = meta is null ? csv : $"{csv} and {Path.GetFileName(meta)} beside it";
            if (outputs.PrintsText(parseResult))
                parseResult.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {set.Count} cells, {rows:N0} cycles (train {train}, test1 {test1}, test2 {test2}; seed {options.Seed}, noise {options.NoiseStdDev:R}, {(options.Artefacts.IsNone ? "no" : "measured")} artefacts) to {written}"));
            outputs.WriteJson(parseResult, new SynthResult(csv, meta, set.Count, rows, train, test1, test2, options.Seed, options.NoiseStdDev));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private sealed record SynthResult(string File, string? Meta, int Cells, long Cycles, int Train, int Test1, int Test2, int Seed, double Noise);
}
