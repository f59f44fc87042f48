using System.CommandLine;
using Dlnet.Firmware;
using Dlnet.Optimization;
using Dlnet.Pipeline;
using Dlnet.Reporting;
using Dlnet.Series;

using Dlnet.Cli.Common;

namespace Dlnet.Cli.Commands;

/// <summary>
/// <c>dlnet run</c>: the whole method in one command (teacher, stage-1 grid, Pareto selection, pruning,
/// stage 2, final choice), resumable, into a run folder (docs/pipeline.md).
/// </summary>
public static class RunCommand
{
    /// <summary>
    /// Steps run after the final model is chosen, in order: the int8 firmware (which fills
    /// <c>deployment</c> in summary.json), then the HTML report.
    /// </summary>
    internal static IReadOnlyList<IRunFinishingStep> FinishingSteps() => [new FirmwareStep(), new ReportStep()];

    /// <summary>A shard waits up to a day for the others (a job array whose tasks start hours apart still meets).</summary>
    private const double DefaultWaitMinutes = 24 * 60;

    /// <summary>Every core, up to the most a run may use.</summary>
    private static int DefaultThreads => Math.Min(Environment.ProcessorCount, TrainingOptions.MaxThreads);

    public static Command Create()
    {
        var preset = new Option<string?>("--preset") { Description = "Starting configuration: quick (built-in data, seconds) or paper (the published grid; give --data). Default: the config file's preset, else quick." };
        preset.AcceptOnlyFromAmong([.. RunPresets.Names]);
        var config = new Option<string?>("--config") { Description = "JSON file of settings laid over the preset (see docs/pipeline.md)." };
        var output = new Option<string>("--out") { Description = "Run folder: model folders, config.json, summary.json, firmware/ and report.html. Rerunning the same command resumes it.", Required = true }.WritesFolder();
        var seed = new Option<int?>("--seed") { Description = "Seed of every initial weight, shuffle and dropout mask (default 1)." };
        var threads = new Option<int?>("--threads") { Description = $"Cores to use (default: all, {DefaultThreads} here). Results are identical for one seed and one thread count." }.Between(1, TrainingOptions.MaxThreads);
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines instead of a live display (automatic when output is redirected)." };
        var outputs = new OutputOptions();
        outputs.JsonFile.Description = "summary.json: on standard output when no file is given (instead of the tables; progress goes to standard error), else also copied to the file.";
        var force = new Option<bool>("--force") { Description = "If --out holds a run of another configuration or other data, delete it and start again." };
        var shard = new Option<RunShare?>("--shard")
        {
            Description = $"Train only share K of N (0/4, 1/4, ...) of every stage's candidates in the shared --out folder, with N - 1 other processes; shard 0 trains the teacher and finishes the run (docs/distributed.md). N is at most {RunShare.MaxCount}.",
            HelpName = "K/N",
            CustomParser = r =>
            {
                var parsed = RunShare.Parse(r.Tokens.Count > 0 ? r.Tokens[0].Value : "", out string? error);
                if (error is not null) r.AddError($"--shard: {error}");
                return parsed;
            },
        };
        var finish = new Option<bool>("--finish") { Description = "Train nothing: wait until every shard's candidates are in --out, then run the final selection, summary, firmware and report." };
        var waitMinutes = new Option<double?>("--wait-minutes") { Description = "With --shard or --finish: longest wait for the teacher, a stage's candidates from the other shards, or another finishing process (default 1440, a day)." }
            .Within(0, 100_000, excludeLow: true);
        var data = new DataOptions();

        var cmd = new Command("run", "Run the whole DLNet pipeline: teacher, distilled students, Pareto selection, pruning, second distillation, final model, int8 firmware and report.")
        {
            preset, config, output, seed, threads, plain, force, shard, finish, waitMinutes,
        };
        cmd.Validators.Add(r =>
        {
            // Whether the options were given, not their values: a bad --shard has its own error.
            bool sharded = r.GetResult(shard) is not null, finishing = r.GetValue(finish);
            if (sharded && finishing) r.AddError("--shard and --finish: give one (shard 0 finishes the run itself)");
            else if ((sharded || finishing) && r.GetValue(force)) r.AddError("--force cannot clear a run folder that other shards share; clear it before starting them");
            else if (!sharded && !finishing && r.GetResult(waitMinutes) is not null) r.AddError("--wait-minutes: only with --shard or --finish");
        });
        data.AddTo(cmd);
        outputs.AddTo(cmd);
        cmd.SetAction(parseResult =>
        {
            TextWriter stdout = parseResult.InvocationConfiguration.Output;
            TextWriter stderr = parseResult.InvocationConfiguration.Error;
            var overrides = new RunOverrides(parseResult.GetValue(data.Data), parseResult.GetValue(data.Meta), parseResult.GetValue(data.NominalCapacity),
                parseResult.GetValue(seed), parseResult.GetValue(threads));
            RunConfig resolved;
            try
            {
                resolved = RunConfigResolver.Resolve(parseResult.GetValue(preset), parseResult.GetValue(config), overrides, DefaultThreads);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            var series = RunConfigResolver.LoadData(resolved.Data);
            var folder = new RunFolder(parseResult.GetValue(output)!);
            var runner = new PipelineRunner(resolved, series, folder);
            var share = parseResult.GetValue(finish) ? RunShare.Finisher : parseResult.GetValue(shard);
            var waitTimeout = TimeSpan.FromMinutes(parseResult.GetValue(waitMinutes) ?? DefaultWaitMinutes);
            bool quiet = parseResult.GetValue(outputs.Quiet);
            bool asJson = outputs.JsonToStdout(parseResult);
            TextWriter log = asJson ? stderr : stdout;
            if (!quiet)
                log.WriteLine($"run {folder.Path}{(share is null ? "" : $" as {share}")}: {resolved.Preset ?? "custom"} configuration, data {series.Source} ({series.Count} series), protocol {runner.Splits.Windows.Protocol}, seed {resolved.Seed}, {resolved.Threads} threads");

            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancellation.Cancel(); };
            Console.CancelKeyPress += onCancel;
            RunSummary? finished;
            try
            {
                Func<IProgress<RunEvent>?, RunSummary?> run = share is null
                    ? progress => runner.Run(progress, cancellation.Token, FinishingSteps(), parseResult.GetValue(force))
                    : progress => runner.RunShard(share, waitTimeout, progress, cancellation.Token, FinishingSteps());
                bool live = !parseResult.GetValue(plain) && !asJson && stdout == Console.Out && !Console.IsOutputRedirected;
                finished = quiet ? run(null)
                    : live ? RunProgressView.Live(EvaluationTable.ConsoleFor(stdout), resolved.Threads, run)
                    : run(RunProgressView.Plain(log, resolved.Threads));
            }
            catch (RunFolderException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine($"cancelled: finished candidates are kept in {folder.Path}; rerun the same command to resume");
                return ExitCodes.Cancelled;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            if (finished is not { } summary)
            {
                if (!quiet) log.WriteLine($"{share}: its share of the candidates is in {folder.Path}; shard 0 (or dlnet run --finish) finishes the run");
                return ExitCodes.Success;
            }
            if (outputs.PrintsText(parseResult)) RunTables.Write(summary, folder.Path, stdout);
            outputs.WriteJsonText(parseResult, summary.ToJson());
            if (summary.Final is null)
            {
                stderr.WriteLine($"error: no compressed candidate fits the budget (flash {summary.Budget.FlashBytes} B, RAM {summary.Budget.RamBytes} B, " +
                    $"{summary.Budget.LatencyMs} ms); widen the budget, add smaller students or higher pruning ratios. See {folder.SummaryPath}");
                return ExitCodes.Failure;
            }
            if (summary.Deployment is { } deployment && !deployment.BitExact.Everywhere)
            {
                stderr.WriteLine($"error: the generated C does not reproduce the integer engine on every window (see {Path.Combine(folder.Path, FirmwareStep.FolderName, DeploymentReport.FileName)})");
                return ExitCodes.Failure;
            }
            return ExitCodes.Success;
        });
        return cmd;
    }
}
