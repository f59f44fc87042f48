using System.Diagnostics;
using Dlnet.Baselines;
using Dlnet.Firmware;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Nn.Networks;
using Dlnet.Optimization;
using Dlnet.Scoring;
using Dlnet.Series;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Pipeline;

/// <summary>
/// <c>dlnet adapt</c> (docs/adaptation.md): a trained model, fine-tuned on a few cells of a new fleet. The teacher is
/// fine-tuned on the adaptation cells' training windows; the final student is distilled from the adapted teacher as
/// stage 2 does, starting from its own weights (quantisation-aware for an Euler student); both keep their scales, so
/// that inputs and outputs mean what they meant, and take the front end the new measurements need (<see cref="Student"/>:
/// the final model, or the run's most accurate front member that fits the budget with it). Early stopping and the best
/// classical extrapolation are chosen on the adaptation cells' validation windows; the held-out cells are only scored.
/// The adapted student is deployed as <c>dlnet deploy</c> does. The output folder (<c>model/</c>, <c>teacher/</c>, <c>firmware/</c>, <c>adapt.json</c>)
/// is written under a temporary name and moved into place when complete.
/// </summary>
public static class Adaptation
{
    public const string ModelFolderName = "model";

    public const string FirmwareFolderName = "firmware";

    /// <summary>Whether <paramref name="folder"/> may receive an adaptation: absent, empty, or holding an earlier one (which is replaced).</summary>
    public static bool CanWrite(string folder) =>
        !File.Exists(folder) &&
        (!Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any() || File.Exists(Path.Combine(folder, AdaptationReport.FileName)));

    /// <summary>Adapts <paramref name="source"/> to <paramref name="cells"/> of <paramref name="series"/> and writes <paramref name="outputFolder"/>.</summary>
    /// <param name="source">The model (and teacher) to adapt.</param>
    /// <param name="series">The new fleet.</param>
    /// <param name="cells">Cells to adapt on, each in <paramref name="series"/>, at most <see cref="AdaptationSettings.MaxCells"/>.</param>
    /// <param name="drawn">Whether the cells were drawn with the seed (for the report).</param>
    /// <param name="settings">Fine-tuning and deployment settings.</param>
    /// <param name="outputFolder">Where the adaptation is written (see <see cref="CanWrite"/>).</param>
    /// <param name="log">One line per step.</param>
    /// <param name="epochs">Each epoch of each fine-tuning, with the name of the model trained.</param>
    /// <param name="cancellation">Stops after the current batch; nothing is written.</param>
    /// <exception cref="DataFormatException">A model folder that cannot be adapted, or cells too short to adapt on.</exception>
    /// <exception cref="InvalidOperationException">A training diverged, or the output folder holds something else.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static AdaptationReport Run(AdaptationSource source, SeriesSet series, IReadOnlyList<string> cells, bool drawn, AdaptationSettings settings,
        string outputFolder, Action<string>? log = null, Action<string, EpochReport>? epochs = null, CancellationToken cancellation = default)
    {
        settings.Validate();
        if (cells.Count is 0 or > AdaptationSettings.MaxCells)
            throw new ArgumentException($"adapt on 1 to {AdaptationSettings.MaxCells} cells, not {cells.Count}", nameof(cells));
        if (!CanWrite(outputFolder))
            throw new InvalidOperationException($"{outputFolder} exists and holds no earlier adaptation ({AdaptationReport.FileName}); choose another --out or remove it");
        log ??= _ => { };
        var clock = Stopwatch.StartNew();

        var final = Load(source.ModelFolder);
        var teacher = source.TeacherFolder is null ? null : Load(source.TeacherFolder);
        if (teacher is not null && (teacher.Forecaster.InputLength != final.Forecaster.InputLength || teacher.Forecaster.Horizon != final.Forecaster.Horizon))
            throw new DataFormatException(source.TeacherFolder!, null,
                $"the teacher maps {teacher.Forecaster.InputLength} -> {teacher.Forecaster.Horizon} values, the model {final.Forecaster.InputLength} -> {final.Forecaster.Horizon}");
        var teacherTraining = teacher is null ? null : Check(teacher, settings.Training(teacher.Description.Training, settings.TeacherLearningRate));

        var protocol = new AdaptationProtocolOptions
        {
            Cells = cells, ValidationShare = settings.ValidationShare, InputLength = final.Forecaster.InputLength, Horizon = final.Forecaster.Horizon,
        };
        // Decided once: the fine-tuning, the scores, the int8 calibration and the firmware all use these.
        var runSplits = RunSplits.Of(final.Description.SplitPlan() with { Adaptation = protocol }, series);
        var splits = runSplits.Windows;
        var scored = new[] { splits.Validation }.Concat(splits.Reports).ToArray();
        log($"adapting {final.Description.Name} on {string.Join(", ", cells)}: {splits.Train.Count} training and {splits.Validation.Count} validation windows; held out: " +
            string.Join(", ", splits.Reports.Select(r => $"{r.Name} ({r.SeriesIndices.Count} cells, {r.Count} windows)")));

        // The classical family of every comparison, the best of it chosen on the adaptation cells' validation windows alone.
        var classical = BestClassical.Score(splits);
        var classicalRows = classical.Rows;
        var classicalValidation = classicalRows.Where(r => r.Split == splits.Validation.Name).ToDictionary(r => r.Predictor, r => r.Mae);
        string bestClassical = classical.Chosen;
        log($"best classical on the validation windows: {bestClassical} ({classicalValidation[bestClassical]:G4})");

        // The front end the new measurements need, or the models' own. It learns nothing, so it is chosen on every window of
        // the adaptation cells: the validation windows alone are the cells' last cycles, near the end of life, where short
        // fits win that lose over the rest of a cell's life.
        var adaptationWindows = WindowArrays.From(new WindowSet("adaptation", series, protocol.InputLength, protocol.Horizon,
            [.. splits.Train.Windows, .. splits.Validation.Windows]));
        var (student, studentEncoding) = settings.ChooseFrontEnd ? Student(source, final, adaptationWindows, log) : (final, final.Forecaster.Encoding);
        var teacherEncoding = teacher is null ? null : settings.ChooseFrontEnd ? teacher.Forecaster.Encoding.WithFrontEndFor(adaptationWindows) : teacher.Forecaster.Encoding;
        var studentTraining = Check(student, settings.Training(student.Description.Training, settings.StudentLearningRate));

        var rows = new List<EvaluationRow>();
        if (teacher is not null) rows.AddRange(Score(Named(teacher.Forecaster, AdaptationReport.TeacherBefore), scored));
        rows.AddRange(Score(Named(student.Forecaster, AdaptationReport.FinalBefore), scored));
        var int8Before = OriginalInt8(student.Folder, student.Description, log);
        if (int8Before is not null) rows.AddRange(Score(Named(int8Before, AdaptationReport.Int8Before), scored));

        string staging = Staging(outputFolder);
        try
        {
            TrainedForecaster? adaptedTeacher = null;
            if (teacher is not null)
            {
                log($"fine-tuning the teacher ({teacher.Description.Architecture}, {teacher.Description.ParameterCount} parameters)");
                var teacherSettings = new ForecasterTrainingSettings(teacher.Description.Architecture, teacher.Description.Options, teacher.Forecaster.Encoding.Form,
                    teacherTraining!, RunFolder.TeacherFolderName);
                adaptedTeacher = Finished(ForecasterTraining.Run(series, splits, settings.Seed, teacherSettings, Relay(RunFolder.TeacherFolderName, epochs), cancellation,
                    teacher.Forecaster.Network, teacherEncoding), cancellation);
                ModelFile.Save(Path.Combine(staging, RunFolder.TeacherFolderName), Adapted(adaptedTeacher.Description, protocol), adaptedTeacher.Forecaster.Network.Parameters);
                rows.AddRange(Score(Named(adaptedTeacher.Forecaster, AdaptationReport.TeacherAfter), scored));
            }

            string name = student.Description.Name + "-adapted";
            var studentSettings = new ForecasterTrainingSettings(student.Description.Architecture, student.Description.Options, student.Forecaster.Encoding.Form, studentTraining, name);
            TrainedForecaster adapted;
            if (adaptedTeacher is not null)
            {
                log($"distilling {name} from the adapted teacher");
                var targets = TeacherTargets.Compute(adaptedTeacher.Forecaster, splits, settings.Threads);
                adapted = Finished(Distillation.Run(series, splits, settings.Seed, studentSettings, targets, DistillationOf(student, adaptedTeacher.Forecaster),
                    student.Forecaster.Network, Relay(ModelFolderName, epochs), cancellation, studentEncoding), cancellation);
            }
            else
            {
                log($"fine-tuning {name} on the targets (no teacher)");
                adapted = Finished(ForecasterTraining.Run(series, splits, settings.Seed, studentSettings, Relay(ModelFolderName, epochs), cancellation,
                    student.Forecaster.Network, studentEncoding), cancellation);
            }
            string model = Path.Combine(staging, ModelFolderName);
            ModelFile.Save(model, Adapted(adapted.Description, protocol), adapted.Forecaster.Network.Parameters);
            rows.AddRange(Score(Named(adapted.Forecaster, AdaptationReport.FinalAfter), scored));

            DeploymentReport? deployment = null;
            if (Int8Calibration.HasIntegerForm(adapted.Description))
            {
                rows.AddRange(Score(Named(Int8Calibration.Forecaster(model, runSplits), AdaptationReport.Int8After), scored));
                deployment = Deploy(model, runSplits, Path.Combine(staging, FirmwareFolderName), settings.Deployment, Path.Combine(outputFolder, ModelFolderName), log);
            }
            else log($"no firmware: the int8 firmware is built for Euler students; this model is a '{adapted.Description.Architecture}'");

            rows.AddRange(classicalRows);
            var budget = BudgetSummary.Of(source.Budget);
            var report = new AdaptationReport
            {
                DlnetVersion = PipelineRunner.Version,
                Source = new AdaptationSourceSummary(source.Kind, source.Path, student.Description.Name, source.TeacherFolder),
                Data = new DataSummary(series.Source, DataFingerprint.Compute(series), series.Count),
                Adaptation = new AdaptationSummary(cells, drawn, settings.Seed, settings.ValidationShare, splits.Train.Count, splits.Validation.Count,
                    settings.Epochs, settings.Patience, settings.TeacherLearningRate, settings.StudentLearningRate, settings.Loss, settings.ChooseFrontEnd,
                    FrontEndName(studentEncoding)),
                Teacher = adaptedTeacher is null ? null : Summary(adaptedTeacher, RunFolder.TeacherFolderName, rows, AdaptationReport.TeacherBefore, splits),
                Final = Summary(adapted, ModelFolderName, rows, AdaptationReport.FinalBefore, splits),
                Classical = new AdaptationClassical(splits.Validation.Name, classicalValidation, bestClassical),
                Results = rows,
                Comparison = [.. splits.Reports.Select(r => Compare(r, rows, bestClassical))],
                Deployment = deployment,
                Budget = budget,
                OverBudget = deployment is null ? [] : budget.ExceededBy(deployment),
                ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            };
            report.Write(Path.Combine(staging, AdaptationReport.FileName));
            if (Directory.Exists(outputFolder)) Directory.Delete(outputFolder, recursive: true);
            Directory.Move(staging, outputFolder);
            return report;
        }
        finally
        {
            try { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); }
            catch (IOException) { }
        }
    }

    private sealed record LoadedModel(string Folder, ModelDescription Description, NetworkForecaster Forecaster);

    private static LoadedModel Load(string folder) => new(folder, ModelFile.ReadDescription(folder), ModelFile.Load(folder));

    /// <summary>
    /// The student to adapt and its front end. The front end the adaptation windows favour is a property of the new
    /// measurements (a spike filter, a fit long enough to average their noise), so it comes first: it goes on the first
    /// model of <paramref name="source"/> (the final model, then the rest of the run's front by validation MAE) that stays
    /// within the budget with it, since a running median costs code and time. When none does, the final model takes the best
    /// front end that fits it (its own when none does).
    /// </summary>
    private static (LoadedModel Student, WindowEncoding Encoding) Student(AdaptationSource source, LoadedModel final, WindowArrays windows, Action<string> log)
    {
        bool Fits(LoadedModel m, WindowEncoding e) => DeploymentCost.Of(m.Forecaster.Network, source.Budget, e).WithinBudget;
        var own = final.Forecaster.Encoding;
        // Chosen once: it depends on the form and the windows, which every model of a run shares, not on the scales.
        var wanted = own.WithFrontEndFor(windows);
        foreach (string folder in source.ModelFolders)
        {
            var model = folder == final.Folder ? final : Load(folder);
            var encoding = model.Forecaster.Encoding;
            if (encoding.Form != own.Form || encoding.InputLength != own.InputLength || encoding.Horizon != own.Horizon) continue;
            encoding = ReferenceEquals(model, final) ? wanted : encoding.WithFrontEnd(wanted.MedianWidth, wanted.BaseDegree, wanted.TailLength);
            if (!Fits(model, encoding)) continue;
            log($"front end on the adaptation windows: {FrontEndName(encoding)} (the model's own: {FrontEndName(own)})" + (ReferenceEquals(model, final) ? "" :
                $"; {final.Description.Name} would exceed the device budget with it, so {model.Description.Name} is adapted, the most accurate model of the run's front that fits"));
            return (model, encoding);
        }
        var fitting = own.WithFrontEndFor(windows, e => Fits(final, e));
        log($"front end on the adaptation windows: {FrontEndName(fitting)} (the model's own: {FrontEndName(own)}); " +
            $"{FrontEndName(wanted)} would exceed the device budget with every model of the run");
        return (final, fitting);
    }

    /// <summary>The model's fine-tuning options, checked, and the model checked to be one training can start from.</summary>
    private static TrainingOptions Check(LoadedModel model, TrainingOptions options)
    {
        string file = Path.Combine(model.Folder, ModelFile.DescriptionFileName);
        try
        {
            options.Validate();
            var settings = new ForecasterTrainingSettings(model.Description.Architecture, model.Description.Options, model.Forecaster.Encoding.Form, options);
            ForecasterTraining.StartingNetwork(settings, model.Forecaster.InputLength, model.Forecaster.Horizon, model.Forecaster.Network);
        }
        catch (ArgumentException e) { throw new DataFormatException(file, null, $"cannot be fine-tuned: {e.Message}"); }
        return options;
    }

    /// <summary>The distillation that made the student (stage 2's, for a run's final model), as far as the adapted teacher allows it.</summary>
    private static DistillationOptions DistillationOf(LoadedModel student, NetworkForecaster teacher)
    {
        bool liquid = student.Forecaster.Network is LiquidEncoderDecoder<float>;
        var options = student.Description.Distillation?.Settings ?? new DistillationOptions { QuantizationAware = true };
        options = options with
        {
            QuantizationAware = options.QuantizationAware && liquid,
            HiddenWeight = liquid && teacher.Network is LiquidEncoderDecoder<float> ? options.HiddenWeight : 0,
        };
        try { options.Validate(); }
        catch (ArgumentException e) { throw new DataFormatException(Path.Combine(student.Folder, ModelFile.DescriptionFileName), null, $"distillation: {e.Message}"); }
        return options;
    }

    /// <summary>The deployed integer model before adaptation, calibrated on its own training data; null, with a note, when that data is not here.</summary>
    private static IForecaster? OriginalInt8(string folder, ModelDescription description, Action<string> log)
    {
        if (!Int8Calibration.HasIntegerForm(description)) return null;
        try { return Int8Calibration.Forecaster(folder); }
        catch (DataFormatException e)
        {
            log($"note: the int8 model before adaptation is not scored: {e.Message}");
            return null;
        }
    }

    /// <summary>The description of an adapted model, naming its adaptation cells so that its splits (and int8 calibration) can be cut again.</summary>
    private static ModelDescription Adapted(ModelDescription description, AdaptationProtocolOptions protocol) =>
        description with { Data = description.Data! with { Adaptation = protocol } };

    private static DeploymentReport? Deploy(string model, RunSplits splits, string firmware, DeploymentOptions options, string modelName, Action<string> log)
    {
        if (ToolProcess.Find(options.HostCompiler) is null)
        {
            log($"no firmware: {options.HostCompiler} not found, so the generated C cannot be checked; install gcc (and gcc-arm-none-eabi, picolibc-arm-none-eabi, qemu-system-arm for the board)");
            return null;
        }
        var result = FirmwareDeployment.Run(model, splits, firmware, options, line => log("firmware: " + line), modelName);
        foreach (string note in result.Notes) log("firmware: " + note);
        return result.Report;
    }

    private static FineTuningSummary Summary(TrainedForecaster trained, string folder, IReadOnlyList<EvaluationRow> rows, string before, ProtocolSplits splits) =>
        new(trained.Description.Name, folder, trained.Result.EpochsRun, trained.Result.BestEpoch, trained.Result.StopReason,
            rows.FirstOrDefault(r => r.Predictor == before && r.Split == splits.Validation.Name)?.Mae,
            double.IsFinite(trained.Result.BestValidationMae) ? trained.Result.BestValidationMae : null);

    /// <summary>The front end in the baselines' words: <c>quadratic100 after a median of 5</c>, say.</summary>
    private static string FrontEndName(WindowEncoding e) =>
        (e.Form == OutputForm.Residual ? PolynomialForecaster.DefaultName(e.BaseDegree, e.TailLength) : e.Form.ToName()) +
        (e.MedianWidth > 0 ? $" after a median of {e.MedianWidth}" : "");

    private static AdaptationComparison Compare(WindowSet split, IReadOnlyList<EvaluationRow> rows, string bestClassical)
    {
        double? Mae(string predictor) => rows.FirstOrDefault(r => r.Predictor == predictor && r.Split == split.Name)?.Mae;
        double? classical = Mae(bestClassical), int8 = Mae(AdaptationReport.Int8After);
        return new AdaptationComparison(split.Name, split.Count, bestClassical, classical,
            Mae(AdaptationReport.TeacherBefore), Mae(AdaptationReport.TeacherAfter), Mae(AdaptationReport.FinalBefore), Mae(AdaptationReport.FinalAfter),
            Mae(AdaptationReport.Int8Before), int8, int8 is double a && classical is double c && c > 0 ? Math.Round(a / c - 1, 4) : null);
    }

    private static IEnumerable<EvaluationRow> Score(IForecaster forecaster, IEnumerable<WindowSet> splits) =>
        splits.Select(s => EvaluationRow.From(Evaluator.Evaluate(forecaster, s)));

    private static IForecaster Named(IForecaster forecaster, string name) => new RenamedForecaster(forecaster, name);

    /// <summary>A training cancelled part-way returns its best epoch so far; an adaptation must not keep it.</summary>
    private static TrainedForecaster Finished(TrainedForecaster trained, CancellationToken cancellation) =>
        trained.Result.StopReason == StopReason.Cancelled ? throw new OperationCanceledException(cancellation) : trained;

    private static IProgress<EpochReport>? Relay(string name, Action<string, EpochReport>? epochs) =>
        epochs is null ? null : new EpochProgress(report => epochs(name, report));

    private static string Staging(string folder)
    {
        string full = Path.GetFullPath(folder);
        string parent = Path.GetDirectoryName(full) ?? throw new InvalidOperationException($"{folder} has no parent folder");
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, "." + Path.GetFileName(full) + ".partial-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        return staging;
    }

    private sealed class RenamedForecaster(IForecaster inner, string name) : IForecaster
    {
        public string Name => name;

        public int InputLength => inner.InputLength;

        public int Horizon => inner.Horizon;

        public void Forecast(ReadOnlySpan<double> histories, Span<double> forecasts, int count) => inner.Forecast(histories, forecasts, count);
    }
}
