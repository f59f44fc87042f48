using System.Collections.Concurrent;
using System.Diagnostics;
using Dlnet.Architectures;
using Dlnet.ModelFiles;
using Dlnet.Nn;
using Dlnet.Optimization;

namespace Dlnet.Pipeline;

/// <summary>One candidate to make: its name and place in the run, and how it is made.</summary>
/// <param name="Name">Also its folder name.</param>
/// <param name="Stage">A name of <see cref="CandidateStages"/>.</param>
/// <param name="Parent">The candidate it is made from, or null.</param>
/// <param name="PruneRatio">Share of units pruned on the way from its stage-1 ancestor.</param>
/// <param name="Make">Makes the candidate's network, its options and its scored description.</param>
/// <param name="Epochs">Epochs planned, for progress; 0 for a candidate made without training.</param>
/// <param name="Work">Estimated cost, to start the largest first so that the cores stay busy to the end.</param>
internal sealed record CandidateJob(
    string Name, string Stage, string? Parent, double PruneRatio,
    Func<IProgress<EpochReport>?, CancellationToken, MadeCandidate> Make, int Epochs, long Work);

/// <summary>What <see cref="CandidateJob.Make"/> returns.</summary>
internal sealed record MadeCandidate(INetwork<float> Network, NetworkOptions Options, ModelDescription Description);

/// <summary>
/// Makes the candidates of one stage: those with a finished folder are read back; the rest are made side by
/// side on up to <c>threads</c> cores (each job is single-threaded, so results do not depend on which core or
/// in which order) and each is saved as soon as it is done. Records come back in job order.
/// </summary>
internal static class StageMaker
{
    public static CandidateRecord[] Run(RunFolder folder, BudgetConfig budget, IReadOnlyList<CandidateJob> jobs, int threads,
        IProgress<RunEvent>? progress, CancellationToken cancellation)
    {
        var records = new CandidateRecord?[jobs.Count];
        var pending = new List<int>();
        for (int i = 0; i < jobs.Count; i++)
        {
            if (!folder.HasCandidate(jobs[i].Name)) { pending.Add(i); continue; }
            records[i] = ReadFinished(folder, jobs[i].Name, budget);
        }
        string stage = jobs.Count > 0 ? jobs[0].Stage : "";
        progress?.Report(new StageStarted(stage, jobs.Count, pending.Count, pending.Sum(i => (double)jobs[i].Work)));
        foreach (int i in Enumerable.Range(0, jobs.Count).Where(i => records[i] is not null))
            progress?.Report(new CandidateFinished(stage, jobs[i].Name, Resumed: true, records[i]!.ValidationMae, TimeSpan.Zero));

        var clock = Stopwatch.StartNew();
        var order = Order(jobs, pending);
        int started = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation };
        try
        {
            Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), options, i =>
            {
                var job = jobs[i];
                int index = Interlocked.Increment(ref started);
                progress?.Report(new CandidateStarted(job.Stage, job.Name, index, order.Length, job.Epochs));
                var watch = Stopwatch.StartNew();
                var epochs = progress is null ? null : new EpochProgress(report => progress.Report(new CandidateEpoch(job.Stage, job.Name, report)));
                MadeCandidate made;
                try { made = job.Make(epochs, cancellation); }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    throw new InvalidOperationException($"{job.Name}: {e.Message}", e);
                }
                cancellation.ThrowIfCancellationRequested();
                var record = Describe(job, made, budget);
                folder.WriteCandidate(record, made.Description, made.Network.Parameters);
                records[i] = record;
                progress?.Report(new CandidateFinished(job.Stage, job.Name, Resumed: false, record.ValidationMae, watch.Elapsed, job.Work));
            });
        }
        catch (AggregateException e)
        {
            // One failure (or a cancellation) stops the stage; report the first cause as itself.
            var first = e.Flatten().InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.Flatten().InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
        progress?.Report(new StageFinished(stage, clock.Elapsed));
        return [.. records.Select(r => r!)];
    }

    /// <summary>The order a stage makes <paramref name="indices"/> of its jobs in: largest first, ties in job order.</summary>
    public static int[] Order(IReadOnlyList<CandidateJob> jobs, IEnumerable<int> indices) =>
        [.. indices.OrderByDescending(i => jobs[i].Work).ThenBy(i => i)];

    /// <summary>The record of a freshly made candidate (not yet placed on a front).</summary>
    public static CandidateRecord Describe(CandidateJob job, MadeCandidate made, BudgetConfig budget)
    {
        var d = made.Description;
        var cost = DeploymentCost.Of(made.Network, budget, d.WindowEncoding());
        var actual = ArchitectureRegistry.Named(made.Network.Architecture).Describe(made.Network);
        double? validation = d.Metrics.TryGetValue("validation", out var v) && double.IsFinite(v.Mae) ? v.Mae : null;
        return new CandidateRecord
        {
            Name = job.Name,
            Stage = job.Stage,
            Parent = job.Parent,
            Folder = RunFolder.RelativeCandidateFolder(job.Name),
            Architecture = made.Network.Architecture,
            Hidden = actual.Hidden ?? made.Options.Hidden,
            Rank = actual.Rank,
            PruneRatio = job.PruneRatio,
            ValidationMae = validation,
            Metrics = [.. d.Metrics.Select(m => new Scoring.EvaluationRow(job.Name, m.Key, m.Value.Windows,
                Finite(m.Value.Mae), Finite(m.Value.Rmse), Finite(m.Value.Mape), Finite(m.Value.MaeAt10), Finite(m.Value.MaeAt100)))],
        }.WithCost(cost);
    }

    /// <summary>
    /// A finished candidate's record, read from the folder, with its deployment cost computed again from its saved network: the cost model
    /// (its per-kernel calibration) may have changed since the candidate was made, and a resumed run must select on the
    /// cost the current firmware has.
    /// </summary>
    public static CandidateRecord ReadFinished(RunFolder folder, string name, BudgetConfig budget)
    {
        var record = folder.ReadCandidate(name);
        var model = ModelFiles.ModelFile.Load(folder.CandidatePath(name));
        return record.WithCost(DeploymentCost.Of(model.Network, budget, model.Encoding));
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
