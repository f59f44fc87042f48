using System.Globalization;
using Dlnet.Pipeline;
using Spectre.Console;

namespace Dlnet.Cli.Commands;

/// <summary>
/// Shows a pipeline run as it happens: a live Spectre display on a terminal (the current stage with its
/// count and time left, one line per candidate in training with its epoch and validation MAE), or plain
/// lines for logs. Events come from several training threads at once.
/// </summary>
internal static class RunProgressView
{
    /// <summary>Runs <paramref name="run"/> under a live display on <paramref name="console"/>; the run's notes follow it.</summary>
    public static T Live<T>(IAnsiConsole console, int threads, Func<IProgress<RunEvent>, T> run)
    {
        LiveReporter? reporter = null;
        try
        {
            return console.Progress()
                .AutoClear(false)
                .HideCompleted(true)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context => run(reporter = new LiveReporter(context, threads)));
        }
        finally
        {
            foreach (string note in reporter?.Notes ?? []) console.WriteLine($"note: {note}");
        }
    }

    /// <summary>One line per event on <paramref name="output"/>.</summary>
    public static IProgress<RunEvent> Plain(TextWriter output, int threads) => new PlainReporter(output, threads);

    internal static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" :
        t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" :
        string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0}s");

    private static string Mae(double? mae) => mae is double m && double.IsFinite(m) ? m.ToString("F6", CultureInfo.InvariantCulture) : "-";

    private sealed class PlainReporter(TextWriter output, int threads) : IProgress<RunEvent>
    {
        private readonly Lock _lock = new();
        private readonly StageClock _clock = new(threads);

        public void Report(RunEvent e)
        {
            lock (_lock)
            {
                string? line = e switch
                {
                    StageStarted s => Started(s),
                    CandidateStarted c => $"[{c.Stage} {c.Index}/{c.Count}] {c.Name} started",
                    CandidateEpoch c => $"  {c.Name}  {TrainingProgressView.Line(c.Report)}",
                    CandidateFinished { Resumed: true } => null,
                    CandidateFinished c => $"[{c.Stage} {_clock.Finish(c)}] {c.Name} done in {Duration(c.Elapsed)}, validation MAE {Mae(c.ValidationMae)}{_clock.Left()}",
                    StageFinished s => $"== {s.Stage} done in {Duration(s.Elapsed)}",
                    RunNote n => $"note: {n.Message}",
                    RunWaiting w => $"waiting: {w.Shard} waits for {w.For} ({Duration(w.Waited)} so far)",
                    _ => null,
                };
                if (line is null) return;
                output.WriteLine(line);
                output.Flush();
            }
        }

        private string Started(StageStarted s)
        {
            _clock.Start(s);
            return s.ToTrain < s.Candidates
                ? $"== {s.Stage}: {s.Candidates} candidate(s), {s.Candidates - s.ToTrain} finished before, {s.ToTrain} to make"
                : $"== {s.Stage}: {s.Candidates} candidate(s)";
        }
    }

    private sealed class LiveReporter(ProgressContext context, int threads) : IProgress<RunEvent>
    {
        private readonly Lock _lock = new();
        private readonly StageClock _clock = new(threads);
        private readonly Dictionary<string, ProgressTask> _candidates = new(StringComparer.Ordinal);
        private ProgressTask? _stage;
        private ProgressTask? _waiting;
        private string _stageName = "";

        public List<string> Notes { get; } = [];

        public void Report(RunEvent e)
        {
            lock (_lock)
            {
                if (e is not RunWaiting && _waiting is not null)
                {
                    _waiting.StopTask();
                    _waiting = null;
                }
                switch (e)
                {
                    case RunWaiting w:
                        _waiting ??= context.AddTask("", maxValue: 1).IsIndeterminate();
                        _waiting.Description = Markup.Escape($"{w.Shard} waits for {w.For}");
                        break;
                    case StageStarted s:
                        _clock.Start(s);
                        _stageName = s.Stage;
                        _stage = context.AddTask(StageLine(), maxValue: Math.Max(1, s.Candidates));
                        _stage.Value = s.Candidates - s.ToTrain;
                        break;
                    case CandidateStarted c:
                        _candidates[c.Name] = context.AddTask(Markup.Escape($"  {c.Name}"), maxValue: Math.Max(1, c.Epochs));
                        break;
                    case CandidateEpoch c when _candidates.TryGetValue(c.Name, out var task):
                        task.Value = c.Report.Epoch;
                        task.Description = Markup.Escape($"  {c.Name}  epoch {c.Report.Epoch}/{c.Report.Epochs}  val MAE {Mae(c.Report.ValidationMae)}  ~{Duration(c.Report.Remaining)} left");
                        break;
                    case CandidateFinished { Resumed: false } c:
                        _clock.Finish(c);
                        if (_candidates.Remove(c.Name, out var done)) done.StopTask();
                        if (_stage is not null) { _stage.Increment(1); _stage.Description = StageLine(); }
                        break;
                    case StageFinished:
                        _stage?.StopTask();
                        break;
                    case RunNote n:
                        // A live display cannot hold lines of text; they are printed after it.
                        Notes.Add(n.Message);
                        break;
                }
            }
        }

        private string StageLine() => Markup.Escape($"{_stageName}  {_clock.Done}/{_clock.Total}{_clock.Left()}");
    }

    /// <summary>
    /// Counts a stage's candidates and estimates the time left: the core-seconds spent per unit of work
    /// on the candidates made so far, times the work still to do, over the cores.
    /// </summary>
    private sealed class StageClock(int threads)
    {
        private double _work;
        private double _workDone;
        private double _seconds;

        public int Total { get; private set; }

        public int Done { get; private set; }

        public void Start(StageStarted s)
        {
            Total = s.Candidates;
            Done = s.Candidates - s.ToTrain;
            _work = s.Work;
            _workDone = 0;
            _seconds = 0;
        }

        public string Finish(CandidateFinished c)
        {
            Done++;
            _workDone += c.Work;
            _seconds += c.Elapsed.TotalSeconds;
            return $"{Done}/{Total}";
        }

        /// <summary><c>, ~1m20s left in stage</c>, or nothing before the first candidate is made or after the last.</summary>
        public string Left()
        {
            if (_workDone <= 0 || Done >= Total) return "";
            double left = _seconds / _workDone * Math.Max(0, _work - _workDone) / Math.Max(1, threads);
            return $", ~{Duration(TimeSpan.FromSeconds(left))} left in stage";
        }
    }
}
