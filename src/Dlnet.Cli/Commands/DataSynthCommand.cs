using System.CommandLine;
using System.Globalization;
using Dlnet.Cli.Common;
using Dlnet.Fleet;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet data synth</c>: writes the built-in synthetic fleet, or one like it, as long CSV or Parquet.</summary>
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
            Description = "File to write (cell,cycle,soh, and split in Parquet); the tags go to <name>_meta.csv beside it.",
            Required = true,
        }.WritesFile();
        var format = new Option<string?>("--format")
        {
            Description = "csv or parquet (row groups of 131,072 rows). Default: parquet when --out ends in .parquet, else csv.",
        };
        format.AcceptOnlyFromAmong("csv", "parquet");

        var cmd = new Command("synth", "Write a synthetic fleet that ages like the MIT-Stanford cells (the built-in data).")
        {
            cells, seed, noise, artefacts, output, format,
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
            string csv = parseResult.GetValue(output)!;
            bool parquetName = Path.GetExtension(csv).Equals(".parquet", StringComparison.OrdinalIgnoreCase);
            string chosen = parseResult.GetValue(format) ?? (parquetName ? "parquet" : "csv");
            // The loaders tell the form by the extension first: a name that says otherwise would be read as the wrong form.
            if (chosen == "parquet" != parquetName)
                throw new UsageException($"--format {chosen} but --out {csv} {(parquetName ? "ends in .parquet" : "does not end in .parquet")}: name the file after its format");
            var set = SyntheticFleet.Generate(options);
            string? meta = chosen == "parquet" ? LongParquetWriter.Write(set, csv) : LongCsvWriter.Write(set, csv);

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
