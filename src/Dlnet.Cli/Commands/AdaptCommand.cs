using System.CommandLine;
using System.Globalization;
using Dlnet.Cli.Common;
using Dlnet.Firmware;
using Dlnet.Optimization;
using Dlnet.Pipeline;
using Dlnet.Series;
using Dlnet.Splits;
using Spectre.Console;

namespace Dlnet.Cli.Commands;

/// <summary>
/// <c>dlnet adapt</c>: fine-tunes a trained model (a run's final model and teacher, or a model folder) on a few cells of a
/// new fleet, re-deploys it, and reports the error before and after on the fleet's held-out cells (docs/adaptation.md).
/// </summary>
public static class AdaptCommand
{
    public static Command Create()
    {
        var defaults = new AdaptationSettings();
        var run = new Option<string?>("--run") { Description = "Run folder (dlnet run --out): adapts its teacher and distils its final model from it again." };
        var model = new Option<string?>("--model") { Description = "Model folder to adapt instead of a run's final model." };
        var teacher = new Option<string?>("--teacher") { Description = "With --model: the teacher to adapt and distil from (without it the model is fine-tuned on the targets alone)." };
        var data = new DataOptions();
        var cells = new Option<string?>("--cells") { Description = $"Comma-separated cells of the new fleet to adapt on (at most {AdaptationSettings.MaxCells})." };
        var adaptCells = new Option<int?>("--adapt-cells") { Description = "Adapt on this many of the fleet's train cells (all cells when it has no split tags), drawn with --seed. Default 5 when --cells is not given." }.Between(1, AdaptationSettings.MaxCells);
        var output = new Option<string>("--out") { Description = "Folder to write: model/ (the adapted model), teacher/, firmware/ and adapt.json. Replaced only if it holds an earlier adaptation.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the cell draw, the shuffles and dropout.", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--threads") { Description = "Threads (results are identical for one seed and one thread count).", DefaultValueFactory = _ => defaults.Threads }.Between(1, TrainingOptions.MaxThreads);
        var epochs = new Option<int>("--epochs") { Description = "Most epochs of each fine-tuning.", DefaultValueFactory = _ => defaults.Epochs }.Between(1, TrainingOptions.MaxEpochs);
        var patience = new Option<int>("--patience") { Description = "Stop a fine-tuning after this many epochs without a better validation MAE (0: never).", DefaultValueFactory = _ => defaults.Patience }.Between(0, TrainingOptions.MaxEpochs);
        var teacherLr = new Option<double>("--teacher-lr") { Description = "Peak learning rate of the teacher's fine-tuning.", DefaultValueFactory = _ => defaults.TeacherLearningRate }.Within(0, 1e6, excludeLow: true);
        var studentLr = new Option<double>("--student-lr") { Description = "Peak learning rate of the student's distillation.", DefaultValueFactory = _ => defaults.StudentLearningRate }.Within(0, 1e6, excludeLow: true);
        var loss = new Option<string>("--loss") { Description = "Loss of the fine-tunings on the encoded targets: mse, mae or huber.", DefaultValueFactory = _ => defaults.Loss! };
        loss.AcceptOnlyFromAmong("mse", "mae", "huber");
        var validationShare = new Option<double>("--validation-share") { Description = "Share of each adaptation cell's cycles, at its end, held for early stopping and choosing the best classical.", DefaultValueFactory = _ => defaults.ValidationShare }.Within(0, 1, excludeLow: true, excludeHigh: true);
        var emulatorWindows = new Option<int>("--emulator-windows") { Description = "Windows the firmware check runs under QEMU.", DefaultValueFactory = _ => defaults.Deployment.EmulatorWindows }.Between(1, DeployCommand.MaxEmulatorWindows);
        var keepEncoding = new Option<bool>("--keep-encoding") { Description = "Keep the models' whole encoding; by default the running median and the residual base are chosen again on the adaptation cells' windows (scales kept)." };
        var plain = new Option<bool>("--plain") { Description = "One line per epoch (the default shows only the steps)." };
        var outputOptions = new OutputOptions();

        var cmd = new Command("adapt", "Fine-tune a trained model on a few cells of a new fleet, re-deploy it, and score it before and after on the fleet's other cells.")
        {
            run, model, teacher, cells, adaptCells, output, seed, threads, epochs, patience, teacherLr, studentLr, loss, validationShare, keepEncoding, emulatorWindows, plain,
        };
        data.AddTo(cmd);
        outputOptions.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            string? runFolder = parseResult.GetValue(run), modelFolder = parseResult.GetValue(model), teacherFolder = parseResult.GetValue(teacher);
            if ((runFolder is null) == (modelFolder is null)) throw new UsageException("give either --run or --model");
            if (teacherFolder is not null && runFolder is not null) throw new UsageException("--teacher goes with --model; a run folder has its own teacher");
            string? named = parseResult.GetValue(cells);
            int? count = parseResult.GetValue(adaptCells);
            if (named is not null && count is not null) throw new UsageException("give either --cells or --adapt-cells");
            string outFolder = parseResult.GetValue(output)!;
            if (!Adaptation.CanWrite(outFolder))
                throw new UsageException($"{outFolder} exists and holds no earlier adaptation ({AdaptationReport.FileName}); choose another --out or remove it");

            var settings = new AdaptationSettings
            {
                ValidationShare = parseResult.GetValue(validationShare),
                Seed = parseResult.GetValue(seed),
                Threads = parseResult.GetValue(threads),
                Epochs = parseResult.GetValue(epochs),
                Patience = parseResult.GetValue(patience),
                TeacherLearningRate = parseResult.GetValue(teacherLr),
                StudentLearningRate = parseResult.GetValue(studentLr),
                Loss = parseResult.GetValue(loss),
                ChooseFrontEnd = !parseResult.GetValue(keepEncoding),
                Deployment = defaults.Deployment with { EmulatorWindows = parseResult.GetValue(emulatorWindows) },
            };
            try
            {
                settings.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException(Usage(e));
            }

            var source = runFolder is not null ? AdaptationSource.FromRun(runFolder) : AdaptationSource.FromModel(modelFolder!, teacherFolder);
            var series = data.Load(parseResult);
            var protocol = new AdaptationProtocolOptions { Cells = [], ValidationShare = settings.ValidationShare };
            IReadOnlyList<string> chosen = named is not null ? Named(named, series) : AdaptationProtocol.Draw(series, count ?? 5, settings.Seed, protocol);

            bool text = outputOptions.PrintsText(parseResult);
            TextWriter log = text ? stdout : TextWriter.Null;
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancellation.Cancel(); };
            Console.CancelKeyPress += onCancel;
            AdaptationReport report;
            try
            {
                report = Adaptation.Run(source, series, chosen, drawn: named is null, settings, outFolder,
                    line => { log.WriteLine(line); log.Flush(); },
                    parseResult.GetValue(plain) ? (name, r) => { log.WriteLine($"  {name}  {TrainingProgressView.Line(r)}"); log.Flush(); } : null,
                    cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine($"cancelled: nothing was written to {outFolder}");
                return ExitCodes.Cancelled;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            if (text) Write(report, outFolder, stdout);
            outputOptions.WriteJson(parseResult, report);
            if (report.Deployment is { } deployment && !deployment.BitExact.Everywhere)
            {
                stderr.WriteLine($"error: the generated C does not reproduce the integer engine on every window (see {Path.Combine(outFolder, Adaptation.FirmwareFolderName, DeploymentReport.FileName)})");
                return ExitCodes.Failure;
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>The cells of <c>--cells</c>, checked against the fleet, in fleet order.</summary>
    static IReadOnlyList<string> Named(string list, SeriesSet series)
    {
        string[] names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new UsageException("--cells names no cell");
        if (names.Length > AdaptationSettings.MaxCells)
            throw new UsageException($"--cells names {names.Length} cells; adaptation takes at most {AdaptationSettings.MaxCells} (train a run on the fleet instead)");
        if (names.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new UsageException($"--cells names '{twice.Key}' twice");
        if (names.FirstOrDefault(c => series.IndexOf(c) < 0) is string missing)
            throw new UsageException($"--cells: no cell '{missing}' in {series.Source}");
        return [.. names.OrderBy(series.IndexOf)];
    }

    static string Usage(ArgumentOutOfRangeException e) => e.ParamName switch
    {
        nameof(AdaptationSettings.ValidationShare) => $"--validation-share must lie strictly between 0 and 1, got {e.ActualValue}",
        nameof(AdaptationSettings.Threads) => $"--threads must be positive, got {e.ActualValue}",
        "Epochs" => $"--epochs must be positive, got {e.ActualValue}",
        "Patience" => $"--patience must not be negative, got {e.ActualValue}",
        "LearningRate" => $"--teacher-lr and --student-lr must be positive, got {e.ActualValue}",
        _ => e.Message,
    };

    /// <summary>MAE on each held-out split (columns) of the best classical and of each model before and after (rows).</summary>
    static void Write(AdaptationReport report, string folder, TextWriter stdout)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine();
        stdout.WriteLine($"{report.Final.Name}: adapted on {string.Join(", ", report.Adaptation.Cells)}, written to {folder}");
        var splits = report.Comparison;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("MAE").NoWrap());
        foreach (var s in splits) table.AddColumn(new TableColumn($"{s.Split} ({s.Windows.ToString(c)})").RightAligned().NoWrap());
        void Row(string name, Func<AdaptationComparison, string> cell) => table.AddRow([name, .. splits.Select(cell)]);
        Row($"{report.Classical.Best} (best classical)", s => N(s.BestClassicalMae));
        if (report.Teacher is not null)
        {
            Row(AdaptationReport.TeacherBefore, s => N(s.TeacherBefore));
            Row(AdaptationReport.TeacherAfter, s => N(s.TeacherAfter));
        }
        Row(AdaptationReport.FinalBefore, s => N(s.FinalBefore));
        Row(AdaptationReport.FinalAfter, s => N(s.FinalAfter));
        Row(AdaptationReport.Int8Before, s => N(s.Int8Before));
        Row(AdaptationReport.Int8After, s => N(s.Int8After));
        Row(AdaptationReport.Int8After + " vs classical", s => s.Int8VersusClassical is double v ? v.ToString("+0.0%;-0.0%", c) : "-");
        EvaluationTable.ConsoleFor(stdout).Write(table);
        if (report.Deployment is { } d)
        {
            string emulator = d.BitExact.Emulator is { } e ? $", under QEMU {e.WindowsIdentical}/{e.WindowsCompared}" : "";
            stdout.WriteLine(string.Create(c, $"firmware: flash {d.FlashBytes?.ToString(c) ?? "-"} B, static RAM {d.RamBytes?.ToString(c) ?? "-"} B, " +
                $"bit-exact on the host {d.BitExact.Host.WindowsIdentical}/{d.BitExact.Host.WindowsCompared}{emulator}"));
            var b = report.Budget;
            stdout.WriteLine(report.OverBudget.Count == 0
                ? string.Create(c, $"within the budget: flash {b.FlashBytes:N0} B, static RAM {b.RamBytes:N0} B, {b.LatencyMs:0.##} ms")
                : $"over the budget: {string.Join(", ", report.OverBudget)}");
        }

        static string N(double? v) => v is double x ? x.ToString("F5", CultureInfo.InvariantCulture) : "-";
    }
}
