using System.CommandLine;
using System.Globalization;
using Dlnet.Cli.Common;
using Dlnet.Fleet;
using Dlnet.IO;
using Dlnet.ModelFiles;
using Dlnet.Scoring;
using Spectre.Console;
using nietras.SeparatedValues;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet predict</c>: forecasts for a user's own cells from the end of their histories.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (model.safetensors and model.json), as written by dlnet train or dlnet run.", Required = true };
        var input = new Option<string>("--input")
        {
            Description = "Long CSV with columns cell,cycle,soh (or cell,cycle,capacity with --nominal-capacity). Each cell is forecast from its last W values.",
            Required = true,
        };
        var output = new Option<string?>("--out") { Description = "Write the forecasts to this CSV (cell,step,cycle,soh_forecast) instead of printing a table." }.WritesFile();
        var nominal = new Option<double?>("--nominal-capacity") { Description = "Nominal capacity when the input gives capacity per cycle: SOH = capacity / nominal." }.Within(0, DataOptions.MaxNominalCapacity, excludeLow: true);
        var int8 = new Option<bool>("--int8") { Description = "Forecast with the model's integer (int8) forecaster, as the firmware computes (Euler students)." };
        var trainingData = new Option<string?>("--training-data")
        {
            Description = "With --int8: the data the model was trained on, whose training windows calibrate the int8 scales " +
                          "(default: the built-in fleet or the path in model.json).",
        };
        var outputs = new OutputOptions();

        var cmd = new Command("predict", "Forecast the state of health of your own cells from the end of their histories.")
        {
            model, input, output, nominal, int8, trainingData,
        };
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            bool text = outputs.PrintsText(parseResult);
            string modelDir = parseResult.GetValue(model)!;
            string inputPath = parseResult.GetValue(input)!;
            double? nominalCapacity = parseResult.GetValue(nominal);

            if (!Directory.Exists(modelDir)) throw new DataFormatException(modelDir, null, "no such model folder");
            var description = ModelFile.ReadDescription(modelDir);
            string? calibration = parseResult.GetValue(trainingData);
            if (calibration is not null && !parseResult.GetValue(int8)) throw new UsageException("--training-data calibrates the int8 forecaster: give it with --int8");
            IForecaster forecaster = parseResult.GetValue(int8)
                ? Int8Forecasters.Load(modelDir, calibration is null ? null : FleetSource.Load(calibration), "--training-data")
                : ModelFile.Load(modelDir);

            if (Directory.Exists(inputPath) || !Path.GetExtension(inputPath).Equals(".csv", StringComparison.OrdinalIgnoreCase))
                throw new DataFormatException(inputPath, null, "predict reads one long CSV file with columns cell,cycle,soh");
            var loaded = FleetLoader.Read(inputPath, new FleetLoadOptions { NominalCapacity = nominalCapacity });
            if (!parseResult.GetValue(outputs.Quiet))
            {
                foreach (var problem in loaded.Problems) stderr.WriteLine($"warning: {problem.Message}");
                // A model of the synthetic fleet has learnt how those cells age, not how the user's do.
                if (description.Data is { } trainedOn && SyntheticFleet.IsSource(trainedOn.Source) && DataFingerprint.Compute(loaded.Series) != trainedOn.Fingerprint)
                    stderr.WriteLine($"warning: {description.Name} was trained on the {trainedOn.Source}, not on measured cells; its forecasts for {inputPath} " +
                        $"show the method, not how your cells age: train on your data first (dlnet run --data {inputPath})");
            }
            var lastCycles = LongCsvCycles.Last(inputPath);
            var forecasts = SeriesForecasts.FromEnd(forecaster, loaded.Series);

            if (parseResult.GetValue(output) is string csvPath)
            {
                AtomicFile.Write(csvPath, stream => WriteCsv(forecasts, lastCycles, stream));
                if (text) stdout.WriteLine($"wrote {forecasts.Count} forecasts of {forecaster.Horizon} cycles to {csvPath}");
            }
            else if (text)
            {
                stdout.WriteLine($"model {description.Name} ({description.Architecture}{(parseResult.GetValue(int8) ? ", int8" : "")}): last {forecaster.InputLength} cycles in, next {forecaster.Horizon} out");
                WriteTable(forecasts, lastCycles, loaded.Series, stdout);
            }
            outputs.WriteJson(parseResult, new PredictResults(forecaster.Name, forecaster.InputLength, forecaster.Horizon,
                forecasts.Select(f => new CellResult(f.Id, lastCycles[f.Id], f.Values)).ToArray()));
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>Steps shown in the table: the first, a few in between, and the last.</summary>
    private static int[] TableSteps(int horizon) =>
        new[] { 1, 10, 25, 50, horizon }.Where(s => s <= horizon).Distinct().ToArray();

    private static void WriteTable(IReadOnlyList<SeriesForecast> forecasts, IReadOnlyDictionary<string, int> lastCycles,
        Series.SeriesSet cells, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        int horizon = forecasts.Count > 0 ? forecasts[0].Values.Length : 0;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("cell").NoWrap());
        table.AddColumn(new TableColumn("last cycle").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("SOH now").RightAligned().NoWrap());
        foreach (int step in TableSteps(horizon)) table.AddColumn(new TableColumn($"+{step}").RightAligned().NoWrap());
        foreach (var f in forecasts)
        {
            var row = new List<string> { f.Id, lastCycles[f.Id].ToString(c), cells[f.Id].Values[^1].ToString("F4", c) };
            row.AddRange(TableSteps(horizon).Select(s => f.Values[s - 1].ToString("F4", c)));
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        EvaluationTable.ConsoleFor(output).Write(table);
    }

    private static void WriteCsv(IReadOnlyList<SeriesForecast> forecasts, IReadOnlyDictionary<string, int> lastCycles, Stream stream)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(stream, leaveOpen: true);
        foreach (var f in forecasts)
        {
            int last = lastCycles[f.Id];
            for (int step = 1; step <= f.Values.Length; step++)
            {
                using var row = writer.NewRow();
                row["cell"].Set(f.Id);
                row["step"].Format(step);
                row["cycle"].Format(last + step);
                row["soh_forecast"].Set(f.Values[step - 1].ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }

    private sealed record PredictResults(string Model, int InputLength, int Horizon, IReadOnlyList<CellResult> Forecasts);

    private sealed record CellResult(string Cell, int LastCycle, double[] SohForecast);
}
