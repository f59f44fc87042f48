using System.CommandLine;
using System.Globalization;
using Dlnet.Data;

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
        };
        cells.Validators.Add(r =>
        {
            int n = r.GetValueOrDefault<int>();
            if (n < 1 || n > SyntheticFleetOptions.MaxCellCount)
                r.AddError($"--cells must be between 1 and {SyntheticFleetOptions.MaxCellCount}, not {n}.");
        });
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the random draws; the same seed writes the same bytes.",
            DefaultValueFactory = _ => defaults.Seed,
        };
        var noise = new Option<double>("--noise")
        {
            Description = "Standard deviation of Gaussian noise added to every SOH value of every cell, on top of the artefacts.",
            DefaultValueFactory = _ => defaults.NoiseStdDev,
        };
        noise.Validators.Add(r =>
        {
            double x = r.GetValueOrDefault<double>();
            if (!(x >= 0 && double.IsFinite(x)))
                r.AddError($"--noise must be a number >= 0, not {x.ToString(CultureInfo.InvariantCulture)}.");
        });
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
        };

        var cmd = new Command("synth", "Write a synthetic fleet that ages like the MIT-Stanford cells (the built-in data).")
        {
            cells, seed, noise, artefacts, output,
        };
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
            parseResult.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {set.Count} cells, {rows:N0} cycles (train {train}, test1 {test1}, test2 {test2}; seed {options.Seed}, noise {options.NoiseStdDev:R}, {(options.Artefacts.IsNone ? "no" : "measured")} artefacts) to {written}"));
            return ExitCodes.Success;
        });
        return cmd;
    }
}
