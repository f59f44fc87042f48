using Dlnet.Optimization;

namespace Dlnet.Pipeline;

/// <summary>
/// What a run reports as it goes, for progress displays and logs. Candidates of a stage train side by
/// side, so their events arrive interleaved and from several threads; a listener must be thread-safe.
/// </summary>
public abstract record RunEvent;

/// <summary>A stage begins.</summary>
/// <param name="Stage"><c>teacher</c>, or a name of <see cref="CandidateStages"/>.</param>
/// <param name="Candidates">Candidates of the stage in all.</param>
/// <param name="ToTrain">Of those, the ones not found finished in the run folder.</param>
/// <param name="Work">Estimated work of those to make, in the units of <see cref="CandidateFinished.Work"/> (for time-left estimates).</param>
public sealed record StageStarted(string Stage, int Candidates, int ToTrain, double Work = 0) : RunEvent;

/// <summary>A candidate (or the teacher) starts training; <paramref name="Index"/> is 1-based among those to train.</summary>
public sealed record CandidateStarted(string Stage, string Name, int Index, int Count, int Epochs) : RunEvent;

/// <summary>An epoch of a candidate finished.</summary>
public sealed record CandidateEpoch(string Stage, string Name, EpochReport Report) : RunEvent;

/// <summary>A candidate is finished.</summary>
/// <param name="Stage">Its stage.</param>
/// <param name="Name">Its name.</param>
/// <param name="Resumed">Found finished in the run folder rather than made now.</param>
/// <param name="ValidationMae">Its validation MAE, when defined.</param>
/// <param name="Elapsed">Time it took to make (zero when resumed).</param>
/// <param name="Work">Its estimated work (multiply-accumulates per window; 0 when resumed).</param>
public sealed record CandidateFinished(string Stage, string Name, bool Resumed, double? ValidationMae, TimeSpan Elapsed, double Work = 0) : RunEvent;

/// <summary>A stage is done.</summary>
public sealed record StageFinished(string Stage, TimeSpan Elapsed) : RunEvent;

/// <summary>Something worth a line in the log (a choice made, work skipped).</summary>
public sealed record RunNote(string Message) : RunEvent;

/// <summary>A shard of a distributed run waits for work of the others (<paramref name="For"/>: what it waits for, in words).</summary>
public sealed record RunWaiting(string Shard, string For, TimeSpan Waited) : RunEvent;
