using System.Diagnostics;
using System.Globalization;

namespace Dlnet.Pipeline;

/// <summary>
/// How a shard of a distributed run waits for the work of the others: it polls the shared run folder, where a
/// model folder that exists is finished work (<see cref="RunFolder.WriteFolder"/>), and gives up after
/// <paramref name="timeout"/>, so that a shard whose partner died does not hold its machine for ever.
/// </summary>
/// <param name="folder">The shared run folder.</param>
/// <param name="share">The waiting process, named in what it reports.</param>
/// <param name="timeout">Longest wait for any one thing.</param>
/// <param name="poll">Time between looks at the folder.</param>
public sealed class ShardWait(RunFolder folder, RunShare share, TimeSpan timeout, TimeSpan poll)
{
    /// <summary>Polls twice a second, and reports what it waits for when that changes or every minute.</summary>
    public ShardWait(RunFolder folder, RunShare share, TimeSpan timeout) : this(folder, share, timeout, TimeSpan.FromSeconds(0.5)) { }

    private static readonly TimeSpan ReportEvery = TimeSpan.FromMinutes(1);

    public RunShare Share => share;

    /// <summary>Until the teacher, which shard 0 trains, is in the folder.</summary>
    /// <exception cref="ShardWaitTimeoutException">It did not come in time.</exception>
    public void ForTeacher(IProgress<RunEvent>? progress, CancellationToken cancellation) =>
        Until(() => folder.HasTeacher ? null : "the teacher (shard 0 trains it)", progress, cancellation);

    /// <summary>Until every one of <paramref name="names"/>, the candidates of <paramref name="stage"/>, is in the folder.</summary>
    /// <exception cref="ShardWaitTimeoutException">They did not all come in time.</exception>
    public void ForCandidates(string stage, IReadOnlyList<string> names, IProgress<RunEvent>? progress, CancellationToken cancellation) =>
        Until(() =>
        {
            var missing = names.Where(n => !folder.HasCandidate(n)).ToList();
            if (missing.Count == 0) return null;
            string some = string.Join(", ", missing.Take(3)) + (missing.Count > 3 ? ", ..." : "");
            return $"{missing.Count} of {names.Count} {stage} candidates from the other shards ({some})";
        }, progress, cancellation);

    /// <summary>Takes the lock under which one process at a time writes the summary and runs the finishing steps.</summary>
    /// <exception cref="ShardWaitTimeoutException">Another process held it too long.</exception>
    public IDisposable ForFinishing(IProgress<RunEvent>? progress, CancellationToken cancellation)
    {
        IDisposable? held = null;
        Until(() => (held = folder.TryLockFinishing()) is null ? "another process finishing this run" : null, progress, cancellation);
        return held!;
    }

    /// <summary>Polls <paramref name="missing"/> (what is still awaited, or null when nothing is) until it is null.</summary>
    private void Until(Func<string?> missing, IProgress<RunEvent>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        string? reported = null;
        var lastReport = TimeSpan.Zero;
        for (string? what = missing(); what is not null; what = missing())
        {
            if (what != reported || clock.Elapsed - lastReport >= ReportEvery)
            {
                progress?.Report(new RunWaiting(share.ToString(), what, clock.Elapsed));
                (reported, lastReport) = (what, clock.Elapsed);
            }
            if (clock.Elapsed >= timeout)
                throw new ShardWaitTimeoutException($"{share} waited {Minutes(clock.Elapsed)} for {what} in {folder.Path}; " +
                    "start the missing shards (or check why they stopped), then rerun this one to resume");
            cancellation.WaitHandle.WaitOne(poll);
            cancellation.ThrowIfCancellationRequested();
        }
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:0.#} min")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.#} s");
}

/// <summary>A shard waited longer than its timeout for the work of another.</summary>
public sealed class ShardWaitTimeoutException(string message) : TimeoutException(message);
