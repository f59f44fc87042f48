using System.CommandLine;
using System.Globalization;
using Dlnet.Architectures;
using Dlnet.Cli.Common;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Optimization;
using Dlnet.Scoring;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Cli.Commands;

/// <summary><c>dlnet train</c>: trains one forecaster under a protocol and writes it as a model folder.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var model = new Option<string>("--model") { Description = "Architecture: " + string.Join(", ", ArchitectureRegistry.Names) + ".", Required = true };
        model.AcceptOnlyFromAmong([.. ArchitectureRegistry.Names]);
        var hidden = new Option<int?>("--hidden") { Description = "Hidden units (latent size, state size or width; architecture default when omitted)." }.Between(1, NetworkLimits.MaxUnits);
        var rank = new Option<int?>("--rank") { Description = "Rank of the student's low-rank recurrent matrix." }.Between(1, NetworkLimits.MaxUnits);
        var layers = new Option<int?>("--layers") { Description = "Stacked recurrent layers, or hidden layers of the MLP." }.Between(0, NetworkLimits.MaxLayers);
        var dropout = new Option<double?>("--dropout") { Description = "Dropout probability during training." }.Within(0, 1, excludeHigh: true);
        var stepSize = new Option<double?>("--dt") { Description = "Euler step size of the student." }.Within(0, NetworkLimits.MaxStepSize, excludeLow: true);
        var steps = new Option<int?>("--steps") { Description = "Solver steps of the liquid block (teacher 9, student 1)." }.Between(1, NetworkLimits.MaxSteps);
        var encoderWidth = new Option<int?>("--encoder-width") { Description = "Width of the first encoder layer of the teacher and student (default 256)." }.Between(1, NetworkLimits.MaxWidth);
        var decoderWidths = new Option<string?>("--decoder-widths") { Description = "Comma-separated hidden decoder widths of the teacher and student (default 256,128)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs at most.", DefaultValueFactory = _ => defaults.Epochs }.Between(1, TrainingOptions.MaxEpochs);
        var batch = new Option<int>("--batch") { Description = "Windows per minibatch.", DefaultValueFactory = _ => defaults.BatchSize }.Between(1, TrainingOptions.MaxBatchSize);
        var lr = new Option<double>("--lr") { Description = "Peak learning rate of AdamW (cosine-annealed per epoch).", DefaultValueFactory = _ => defaults.LearningRate }.Within(0, 10, excludeLow: true);
        var weightDecay = new Option<double>("--weight-decay") { Description = "Decoupled weight decay.", DefaultValueFactory = _ => defaults.WeightDecay }.Within(0, 10);
        var loss = new Option<string>("--loss") { Description = "Training loss on the encoded targets.", DefaultValueFactory = _ => defaults.Loss };
        loss.AcceptOnlyFromAmong("mse", "mae", "huber");
        var huberDelta = new Option<double>("--huber-delta") { Description = "Where the Huber loss turns from quadratic to linear, in encoded units.", DefaultValueFactory = _ => defaults.HuberDelta }.Within(0, 1000, excludeLow: true);
        var warmup = new Option<int>("--warmup") { Description = "Epochs of linear learning-rate warm-up before the cosine annealing.", DefaultValueFactory = _ => defaults.WarmupEpochs }.Between(0, TrainingOptions.MaxEpochs - 1);
        var form = new Option<string>("--form")
        {
            Description = "Output form: residual (correct the quadratic50 extrapolation), delta (relative to the last value), minmax (the published method's). See docs/output-form.md.",
            DefaultValueFactory = _ => OutputForm.Residual.ToName(),
        };
        form.AcceptOnlyFromAmong("residual", "delta", "minmax");
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights, the shuffling and dropout.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Threads (results are identical for one seed and one thread count).", DefaultValueFactory = _ => defaults.Threads }.Between(1, TrainingOptions.MaxThreads);
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a better validation MAE (0: never).", DefaultValueFactory = _ => defaults.Patience }.Between(0, TrainingOptions.MaxEpochs);
        var plain = new Option<bool>("--plain") { Description = "One line per epoch instead of a live display (automatic when output is redirected)." };
        var data = new DataOptions();
        var protocol = new Option<string>("--protocol") { Description = "cells: leak-free split by cell. paper: the published window-level split.", DefaultValueFactory = _ => CellsProtocol.Name };
        protocol.AcceptOnlyFromAmong([.. Protocols.Names]);
        var splitSeed = new Option<int>("--split-seed") { Description = "Seed of the protocol's random splits (as --seed of dlnet baseline).", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Folder to write model.safetensors and model.json to.", Required = true }.WritesFolder();
        var name = new Option<string?>("--name") { Description = "Name of the model in reports (default: the architecture)." };

        var cmd = new Command("train", "Train a forecaster on a data set and write it as a model folder.")
        {
            model, hidden, rank, layers, dropout, stepSize, steps, encoderWidth, decoderWidths, epochs, batch, lr, weightDecay, loss, huberDelta, warmup, form, seed, threads, patience, plain,
            protocol, splitSeed, output, name,
        };
        data.AddTo(cmd);
        var outputs = new OutputOptions();
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            OutputForms.TryParse(parseResult.GetValue(form)!, out var outputForm);
            var options = new TrainingOptions
            {
                Epochs = parseResult.GetValue(epochs),
                BatchSize = parseResult.GetValue(batch),
                LearningRate = parseResult.GetValue(lr),
                WeightDecay = parseResult.GetValue(weightDecay),
                Loss = parseResult.GetValue(loss)!,
                HuberDelta = parseResult.GetValue(huberDelta),
                WarmupEpochs = parseResult.GetValue(warmup),
                Seed = parseResult.GetValue(seed),
                Threads = parseResult.GetValue(threads),
                Patience = parseResult.GetValue(patience),
            };
            var networkOptions = new NetworkOptions
            {
                Hidden = parseResult.GetValue(hidden),
                Rank = parseResult.GetValue(rank),
                Layers = parseResult.GetValue(layers),
                Dropout = parseResult.GetValue(dropout),
                StepSize = parseResult.GetValue(stepSize),
                Steps = parseResult.GetValue(steps),
                EncoderWidth = parseResult.GetValue(encoderWidth),
                DecoderWidths = ParseWidths(parseResult.GetValue(decoderWidths)),
            };
            var settings = new ForecasterTrainingSettings(parseResult.GetValue(model)!, networkOptions, outputForm, options, parseResult.GetValue(name));
            try
            {
                options.Validate();
                // Builds a throw-away network so that bad sizes fail before the data is read.
                ArchitectureRegistry.Named(settings.Architecture).Create<float>(networkOptions, 100, 100);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            string outDir = parseResult.GetValue(output)!;
            var series = data.Load(parseResult);
            int splitSeedValue = parseResult.GetValue(splitSeed);
            var splits = Protocols.Split(parseResult.GetValue(protocol)!, series, splitSeedValue);
            splits.RequireValidation();
            bool text = outputs.PrintsText(parseResult);
            if (text) stdout.WriteLine($"protocol {splits.Protocol}: " + string.Join(", ", splits.All.Select(s => $"{s.Name} {s.Count} windows")));

            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancellation.Cancel(); };
            Console.CancelKeyPress += onCancel;
            TrainedForecaster trained;
            try
            {
                bool live = text && !parseResult.GetValue(plain) && stdout == Console.Out && !Console.IsOutputRedirected;
                trained = live
                    ? TrainingProgressView.Live(EvaluationTable.ConsoleFor(stdout), options.Epochs,
                        progress => ForecasterTraining.Run(series, splits, splitSeedValue, settings, progress, cancellation.Token))
                    : ForecasterTraining.Run(series, splits, splitSeedValue, settings, text ? TrainingProgressView.Plain(stdout) : null, cancellation.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            var result = trained.Result;
            var d = trained.Description;
            ModelFile.Save(outDir, d, trained.Forecaster.Network.Parameters);
            var rows = d.Metrics.Select(m => new EvaluationRow(d.Name, m.Key, m.Value.Windows,
                Finite(m.Value.Mae), Finite(m.Value.Rmse), Finite(m.Value.Mape), Finite(m.Value.MaeAt10), Finite(m.Value.MaeAt100))).ToArray();
            if (text)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{d.Name}: {d.ParameterCount} parameters, {result.EpochsRun} epochs ({result.StopReason}), best epoch {result.BestEpoch}, validation MAE {result.BestValidationMae:F5}, {result.Elapsed.TotalSeconds:F1} s"));
                EvaluationTable.Write(rows, stdout);
                stdout.WriteLine($"wrote {Path.Combine(outDir, ModelFile.WeightsFileName)} and {ModelFile.DescriptionFileName}");
            }
            outputs.WriteJson(parseResult, new TrainResult(outDir, d.Name, d.Architecture, d.ParameterCount, result.EpochsRun, result.StopReason,
                result.BestEpoch, Finite(result.BestValidationMae), result.Elapsed.TotalSeconds, rows));
            if (result.StopReason == StopReason.Cancelled)
            {
                stderr.WriteLine("cancelled: kept the best parameters so far");
                return ExitCodes.Cancelled;
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private sealed record TrainResult(string Folder, string Name, string Architecture, long Parameters, int Epochs, StopReason StopReason,
        int BestEpoch, double? ValidationMae, double Seconds, IReadOnlyList<EvaluationRow> Metrics);

    /// <summary>"256,128" as widths; null when the option is absent.</summary>
    private static int[]? ParseWidths(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] <= 0)
                throw new UsageException($"--decoder-widths: '{parts[i]}' is not a positive width (expected a list such as 256,128)");
        if (widths.Length == 0) throw new UsageException("--decoder-widths: give at least one width (such as 256,128)");
        return widths;
    }
}
