using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Dlnet.Architectures;
using Dlnet.Baselines;
using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Optimization;
using Dlnet.Series;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Pipeline;

/// <summary>
/// The whole method in one run (docs/pipeline.md): train the teacher; distil it into the stage-1 grid of
/// students; keep the students on the Pareto front of validation MAE, int8 bytes and MACs that pruning can
/// bring within the budget, at most a few nearest the knee; prune each survivor at every configured ratio;
/// distil each compressed student that fits the budget again (stage 2); take the knee of the final front of
/// compressed and stage-2 candidates within the budget as the final model; then run the finishing steps
/// (firmware, report). Every finished model is saved at once, so a rerun resumes where a killed run stopped
/// and finishes with the same result.
/// </summary>
public sealed class PipelineRunner
{
    private readonly RunConfig _config;
    private readonly SeriesSet _series;
    private readonly RunFolder _folder;
    private readonly RunSplits _run;
    private readonly ProtocolSplits _splits;
    private readonly ICandidateTrainer _trainer;

    /// <param name="config">A configuration without <see cref="RunConfigValidation.Problems"/>.</param>
    /// <param name="series">The data <paramref name="config"/> names, loaded.</param>
    /// <param name="folder">Where the run is written.</param>
    /// <param name="trainer">Trains every network; by default a <see cref="CandidateTrainer"/> on these data.</param>
    /// <exception cref="ArgumentException">The configuration has problems.</exception>
    /// <exception cref="IO.DataFormatException">The data leave no training or validation windows under the configured protocol.</exception>
    public PipelineRunner(RunConfig config, SeriesSet series, RunFolder folder, ICandidateTrainer? trainer = null)
    {
        var problems = RunConfigValidation.Problems(config);
        if (problems.Count > 0) throw new ArgumentException("invalid run configuration: " + string.Join("; ", problems), nameof(config));
        _config = config;
        _series = series;
        _folder = folder;
        _run = Split(config, series);
        _splits = _run.Windows;
        _splits.RequireValidation();
        _trainer = trainer ?? new CandidateTrainer(series, _splits, config.Protocol.SplitSeed, config.Threads);
    }

    /// <summary>The splits of a run of <paramref name="config"/> on <paramref name="series"/>: the run's, and <c>dlnet report</c>'s on its folder.</summary>
    public static RunSplits Split(RunConfig config, SeriesSet series) => RunSplits.Of(config.Protocol.Plan(), series);

    /// <summary>The run's splits, decided once here and handed to every step.</summary>
    public RunSplits Splits => _run;

    /// <summary>Runs every stage, writes <c>summary.json</c>, then runs <paramref name="finishing"/> in order.</summary>
    /// <param name="progress">Hears every stage, candidate and epoch; called from several threads at once.</param>
    /// <param name="cancellation">Stops the run; finished candidates are kept.</param>
    /// <param name="finishing">Steps run after the summary is written (firmware, report), in order.</param>
    /// <param name="force">Clear a run folder that holds a run of another configuration (or other data) instead of refusing it.</param>
    /// <exception cref="RunFolderException">The folder holds another run and <paramref name="force"/> is not set.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; finished candidates are kept.</exception>
    public RunSummary Run(IProgress<RunEvent>? progress = null, CancellationToken cancellation = default,
        IReadOnlyList<IRunFinishingStep>? finishing = null, bool force = false)
    {
        var clock = Stopwatch.StartNew();
        using var runLock = _folder.Lock();
        string fingerprint = DataFingerprint.Compute(_series);
        _folder.Prepare(_config, fingerprint, force);
        return Stages(null, fingerprint, clock, progress, cancellation, finishing)!;
    }

    /// <summary>
    /// Runs one process's part of a run spread over several on a shared folder (docs/distributed.md): its share of
    /// every stage's candidates, waiting for the others' before each selection; the finishing process then writes
    /// the summary and runs <paramref name="finishing"/>. The result is that of <see cref="Run"/>, candidate for candidate.
    /// </summary>
    /// <param name="share">Which share this process trains, and whether it finishes.</param>
    /// <param name="waitTimeout">Longest wait for the teacher, a stage's candidates or the finishing lock.</param>
    /// <param name="progress">As for <see cref="Run"/>, with <see cref="RunWaiting"/> while it waits.</param>
    /// <param name="cancellation">Stops the process; finished candidates are kept.</param>
    /// <param name="finishing">Steps the finishing process runs after the summary is written.</param>
    /// <returns>The summary when this process finished the run; null for the other shards.</returns>
    /// <exception cref="RunFolderException">The folder is in use by an unsharded run, the same shard or a shard of another count.</exception>
    /// <exception cref="IO.DataFormatException">The folder holds a run of another configuration or other data.</exception>
    /// <exception cref="ShardWaitTimeoutException">Another shard's work did not come in time.</exception>
    public RunSummary? RunShard(RunShare share, TimeSpan waitTimeout, IProgress<RunEvent>? progress = null, CancellationToken cancellation = default,
        IReadOnlyList<IRunFinishingStep>? finishing = null)
    {
        var clock = Stopwatch.StartNew();
        using var runLock = _folder.LockShared(share);
        string fingerprint = DataFingerprint.Compute(_series);
        _folder.PrepareShared(_config, fingerprint);
        return Stages(new ShardWait(_folder, share, waitTimeout), fingerprint, clock, progress, cancellation, finishing);
    }

    /// <summary>The stages and finishing steps; with <paramref name="wait"/>, only its shard's share and what it finishes.</summary>
    private RunSummary? Stages(ShardWait? wait, string fingerprint, Stopwatch clock, IProgress<RunEvent>? progress, CancellationToken cancellation,
        IReadOnlyList<IRunFinishingStep>? finishing)
    {
        if (wait is not null && !wait.Share.TrainsTeacher)
        {
            wait.ForTeacher(progress, cancellation);
            _folder.RequireData(fingerprint);
        }
        var teacher = Teacher(progress, cancellation);
        var teacherRows = ModelScoring.Rows(teacher.Name, ModelFile.ReadDescription(_folder.TeacherPath), _splits);
        var classical = BestClassical.Score(_splits);
        progress?.Report(new RunNote($"best classical extrapolation on the {classical.ChosenOn} cells: {classical.Chosen}"));

        bool finishes = wait is null || wait.Share.Finishes;
        var stage1 = Stage(Stage1Jobs(teacher), wait, progress, cancellation);
        var reachable = stage1.Where(c => Reachable(c, progress)).ToArray();
        var front1 = CandidateSelection.Front(reachable);
        var survivors = CandidateSelection.Survivors(front1, _config.Selection.KneeCost, _config.Selection.MaxSurvivors);
        stage1 = MarkFront(stage1, front1, write: finishes);
        progress?.Report(new RunNote($"stage 1 front: {string.Join(", ", front1.Select(c => c.Name))}; survivors: {string.Join(", ", survivors.Select(c => c.Name))}"));

        var compressed = Stage(CompressionJobs(survivors), wait, progress, cancellation);
        var admitted = GradualPruning.Admitted(compressed, _config.Stage2.PruningSteps);
        int over = compressed.Count(c => !c.WithinBudget), overAdmitted = admitted.Count(c => !c.WithinBudget);
        if (over > 0)
            progress?.Report(new RunNote($"{over} of {compressed.Length} compressed candidates exceed the budget; stage 2 skips "
                + (overAdmitted == 0 ? "them" : $"{over - overAdmitted} and starts from the {overAdmitted} at their student's largest ratio over it, which cuts in steps may bring within it")));
        var stage2Jobs = Stage2Jobs(teacher, admitted, progress);
        if (!finishes)
        {
            // The selection after stage 2 and what follows are the finishing process's; this shard's work ends here.
            Stage(stage2Jobs, wait, progress, cancellation, waitForAll: false);
            progress?.Report(new RunNote($"{wait!.Share}: its share is done; shard 0 (or dlnet run --finish) finishes the run"));
            return null;
        }
        var stage2 = Stage(stage2Jobs, wait, progress, cancellation);
        using var finishLock = wait?.ForFinishing(progress, cancellation);
        // Every candidate is in, so no shard writes any more: what killed ones left can go.
        if (wait is not null) _folder.DeleteLeftovers();

        var (finalFront, final) = CandidateSelection.Final([.. compressed, .. stage2], _config.Selection.KneeCost, _config.Selection.ErrorTolerance);
        compressed = MarkFront(compressed, finalFront, write: true);
        stage2 = MarkFront(stage2, finalFront, write: true);

        CandidateRecord[] all = [.. stage1, .. compressed, .. stage2];
        var summary = new RunSummary
        {
            DlnetVersion = Version,
            Preset = _config.Preset,
            Protocol = _splits.Protocol,
            Seed = _config.Seed,
            Data = new DataSummary(_config.Data.Source, fingerprint, _series.Count),
            Budget = BudgetSummary.Of(_config.Budget),
            Teacher = new ModelSummary(teacher.Name, RunFolder.TeacherFolderName, teacherRows),
            Baselines = classical.Rows,
            BestClassical = classical.Choice,
            Candidates = all,
            Front = new FrontSummary([.. front1.Select(c => c.Name)], [.. finalFront.Select(c => c.Name)]),
            Final = final is null ? null : new FinalSummary(final.Name, final.Folder, final.Int8Bytes, final.Macs, final.Metrics),
            Ablation = Ablation.Rows(_splits, teacherRows, classical.ChosenRows, stage1, all, final),
            Deployment = null,
            ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        };
        summary.Write(_folder.SummaryPath);

        // The finishing steps (int8 firmware, HTML report) run on the finished run, each writing the summary back.
        var run = new FinishedRun(_folder, summary, _run);
        foreach (var step in finishing ?? [])
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(new RunNote($"{step.Name}..."));
            run = step.Finish(run, progress, cancellation);
            run = run with { Summary = run.Summary with { ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1) } };
            run.Summary.Write(_folder.SummaryPath);
        }
        return run.Summary;
    }

    private NetworkForecaster Teacher(IProgress<RunEvent>? progress, CancellationToken cancellation)
    {
        const string stage = "teacher";
        if (_folder.HasTeacher)
        {
            progress?.Report(new StageStarted(stage, 1, 0));
            var loaded = ModelFile.Load(_folder.TeacherPath);
            progress?.Report(new CandidateFinished(stage, RunFolder.TeacherFolderName, Resumed: true, ModelFile.ReadDescription(_folder.TeacherPath).Metrics.GetValueOrDefault("validation")?.Mae, TimeSpan.Zero));
            progress?.Report(new StageFinished(stage, TimeSpan.Zero));
            return loaded;
        }
        var t = _config.Teacher;
        var settings = new ForecasterTrainingSettings(t.Architecture, t.Options, _config.OutputForm, t.Training.ToOptions(_config.Seed, _config.Threads), RunFolder.TeacherFolderName);
        progress?.Report(new StageStarted(stage, 1, 1));
        progress?.Report(new CandidateStarted(stage, RunFolder.TeacherFolderName, 1, 1, t.Training.Epochs));
        var clock = Stopwatch.StartNew();
        var trained = _trainer.Train(new TrainingRequest(settings), Relay(stage, RunFolder.TeacherFolderName, progress), cancellation);
        if (trained.Result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(cancellation);
        RunFolder.WriteFolder(_folder.TeacherPath, temp => ModelFile.Save(temp, trained.Description, trained.Forecaster.Network.Parameters));
        progress?.Report(new CandidateFinished(stage, RunFolder.TeacherFolderName, Resumed: false, trained.Result.BestValidationMae, clock.Elapsed));
        progress?.Report(new StageFinished(stage, clock.Elapsed));
        return trained.Forecaster;
    }

    private List<CandidateJob> Stage1Jobs(NetworkForecaster teacher)
    {
        var s = _config.Stage1;
        var jobs = new List<CandidateJob>();
        foreach (var entry in s.Grid)
        foreach (var options in entry.Expand())
        {
            string name = CandidateNames.Stage1(entry.Architecture, options);
            long work = Selection.CostModel.Estimate(ArchitectureRegistry.Named(entry.Architecture).Create<float>(options, _splits.Train.InputLength, _splits.Train.Horizon)).Macs;
            int restarts = entry.Restarts;
            jobs.Add(new CandidateJob(name, CandidateStages.Stage1, null, 0, (progress, ct) =>
            {
                var best = Restarts.Best(restarts, restart =>
                {
                    var training = s.Training.ToOptions(Restarts.Seed(_config.Seed, restart), threads: 1);
                    var settings = new ForecasterTrainingSettings(entry.Architecture, options, _config.OutputForm, training, name);
                    return _trainer.Train(new TrainingRequest(settings, teacher, s.Distillation), Restarts.Progress(progress, restart, restarts), ct);
                });
                var trained = Trained(best, ct);
                return new MadeCandidate(trained.Forecaster.Network, options, trained.Description);
            }, s.Training.Epochs * restarts, work * restarts));
        }
        return jobs;
    }

    private List<CandidateJob> CompressionJobs(IReadOnlyList<CandidateRecord> survivors)
    {
        var jobs = new List<CandidateJob>();
        foreach (var survivor in survivors)
        {
            string folder = _folder.CandidatePath(survivor.Name);
            var description = ModelFile.ReadDescription(folder);
            bool prunable = NetworkPruning.IsPrunable(ArchitectureRegistry.Named(description.Architecture).Create<float>(description.Options, description.InputLength, description.Horizon));
            // Pruning does not know the recurrent students: they go on whole, to be distilled again.
            IEnumerable<double> ratios = prunable ? _config.Pruning.Ratios : [0.0];
            foreach (double ratio in ratios)
            {
                string name = CandidateNames.Compressed(survivor.Name, ratio);
                jobs.Add(new CandidateJob(name, CandidateStages.Compressed, survivor.Name, ratio, (_, _) =>
                {
                    var parent = ModelFile.Load(folder);
                    var (network, options) = NetworkPruning.Prune(parent.Network, description.Options, ratio, _config.Pruning);
                    var forecaster = new NetworkForecaster(name, network, parent.Encoding);
                    var settings = new ForecasterTrainingSettings(description.Architecture, options, _config.OutputForm, _config.Stage1.Training.ToOptions(_config.Seed, 1), name);
                    return new MadeCandidate(network, options, ModelScoring.Describe(_series, _splits, _config.Protocol.SplitSeed, forecaster, settings, result: null));
                }, 0, survivor.Macs));
            }
        }
        return jobs;
    }

    private List<CandidateJob> Stage2Jobs(NetworkForecaster teacher, IReadOnlyList<CandidateRecord> compressed, IProgress<RunEvent>? progress)
    {
        var s = _config.Stage2;
        var jobs = new List<CandidateJob>();
        foreach (var c in compressed)
        {
            string folder = _folder.CandidatePath(c.Name);
            var description = ModelFile.ReadDescription(folder);
            var network = ArchitectureRegistry.Named(description.Architecture).Create<float>(description.Options, description.InputLength, description.Horizon);
            if (!CandidateTrainer.CanDistil(network, s.Distillation, fromInitial: true))
            {
                progress?.Report(new RunNote($"{c.Name}: stage 2 cannot start from a {description.Architecture} network with these distillation settings; it stays as compressed"));
                continue;
            }
            string stage1Name = c.Parent ?? throw new InvalidOperationException($"{c.Name} has no parent");
            string name = CandidateNames.Stage2(stage1Name, c.PruneRatio);
            // Gradually only where there is something to cut in steps; a student pruning does not know goes on whole.
            bool gradual = GradualPruning.CutsInSteps(s.PruningSteps, c.PruneRatio) && NetworkPruning.IsPrunable(network);
            TrainedForecaster Distil(IProgress<EpochReport>? progress, CancellationToken ct) => gradual
                ? GradualPruning.Distil(_trainer, _config, teacher, ModelFile.Load(_folder.CandidatePath(stage1Name)), description.Architecture,
                    ModelFile.ReadDescription(_folder.CandidatePath(stage1Name)).Options, c.PruneRatio, name, progress, ct)
                : _trainer.Train(new TrainingRequest(
                    new ForecasterTrainingSettings(description.Architecture, description.Options, _config.OutputForm, s.Training.ToOptions(_config.Seed, threads: 1), name),
                    teacher, s.Distillation, ModelFile.Load(folder)), progress, ct);
            jobs.Add(new CandidateJob(name, CandidateStages.Stage2, c.Name, c.PruneRatio, (progress, ct) =>
            {
                var trained = Trained(Distil(progress, ct), ct);
                return new MadeCandidate(trained.Forecaster.Network, trained.Description.Options, trained.Description);
            }, gradual ? GradualPruning.TotalEpochs(s.Training.Epochs, s.PruningSteps) : s.Training.Epochs, c.Macs));
        }
        return jobs;
    }

    /// <summary>Whether pruning at the largest configured ratio (none for architectures it does not know) brings a stage-1 student within the budget.</summary>
    private bool Reachable(CandidateRecord c, IProgress<RunEvent>? progress)
    {
        if (c.ValidationMae is null) return false;
        if (c.WithinBudget) return true;
        var parent = ModelFile.Load(_folder.CandidatePath(c.Name));
        var description = ModelFile.ReadDescription(_folder.CandidatePath(c.Name));
        double ratio = _config.Pruning.Ratios.Max();
        var (pruned, _) = NetworkPruning.Prune(parent.Network, description.Options, ratio, _config.Pruning);
        var cost = DeploymentCost.Of(pruned, _config.Budget, description.WindowEncoding());
        if (!cost.WithinBudget)
            progress?.Report(new RunNote(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name} cannot fit the budget even pruned by {ratio:P0} (flash {cost.FlashBytes} B, RAM {cost.RamBytes} B, up to {cost.Cost.Latency.MillisecondsHigh:0.###} ms); left out of the front")));
        return cost.WithinBudget;
    }

    /// <summary>The records with <see cref="CandidateRecord.OnFront"/> set from <paramref name="front"/>, rewriting the candidate files that change.</summary>
    private CandidateRecord[] MarkFront(IReadOnlyList<CandidateRecord> records, IReadOnlyList<CandidateRecord> front, bool write)
    {
        var names = front.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return [.. records.Select(r =>
        {
            bool on = names.Contains(r.Name);
            if (r.OnFront == on) return r;
            var updated = r with { OnFront = on };
            // In a distributed run the finishing process alone writes, so shards never race on a file.
            if (write) _folder.UpdateCandidate(updated);
            return updated;
        })];
    }

    /// <summary>
    /// The candidates of a stage: all made here, or with <paramref name="wait"/> this shard's share made here and the
    /// others' awaited in the folder (unless <paramref name="waitForAll"/> is false, when it returns none).
    /// </summary>
    private CandidateRecord[] Stage(IReadOnlyList<CandidateJob> jobs, ShardWait? wait, IProgress<RunEvent>? progress, CancellationToken cancellation,
        bool waitForAll = true)
    {
        if (wait is null) return StageMaker.Run(_folder, _config.Budget, jobs, _config.Threads, progress, cancellation);
        var mine = wait.Share.Of(jobs);
        if (mine.Count > 0) StageMaker.Run(_folder, _config.Budget, mine, _config.Threads, progress, cancellation);
        if (!waitForAll || jobs.Count == 0) return [];
        if (mine.Count == 0 && wait.Share.Count > 0) progress?.Report(new RunNote($"{wait.Share}: none of the {jobs.Count} {jobs[0].Stage} candidates is its share"));
        wait.ForCandidates(jobs[0].Stage, [.. jobs.Select(j => j.Name)], progress, cancellation);
        return [.. jobs.Select(j => StageMaker.ReadFinished(_folder, j.Name, _config.Budget))];
    }

    /// <summary>A training cancelled part-way returns its best epoch so far; a run must not keep it as finished.</summary>
    private static TrainedForecaster Trained(TrainedForecaster trained, CancellationToken cancellation) =>
        trained.Result.StopReason == StopReason.Cancelled ? throw new OperationCanceledException(cancellation) : trained;

    private static IProgress<EpochReport>? Relay(string stage, string name, IProgress<RunEvent>? progress) =>
        progress is null ? null : new EpochProgress(report => progress.Report(new CandidateEpoch(stage, name, report)));

    internal static string Version
    {
        get
        {
            string? v = typeof(PipelineRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return v is null ? "0.0.0" : v.Split('+')[0];
        }
    }
}
