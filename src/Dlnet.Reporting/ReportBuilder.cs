using System.Globalization;
using Dlnet.Pipeline;
using Dlnet.Scoring;
using Dlnet.Selection;
using Dlnet.Splits;

namespace Dlnet.Reporting;

/// <summary>
/// Computes the <see cref="ReportModel"/> of a run from its summary, its protocol's splits and the
/// forecasters to draw: which points and fronts the Pareto charts hold, which windows the prediction
/// panels show and what each forecaster predicts there, and the MAE per horizon step. Pure: no files,
/// no drawing.
/// </summary>
public static class ReportBuilder
{
    /// <summary>Report splits whose name starts with this are the paper's fixed segments, not test cells.</summary>
    public const string PaperSplitPrefix = "paper16";

    /// <param name="summary">The run's <c>summary.json</c>.</param>
    /// <param name="splits">The run's protocol applied to its data (the windows the report draws).</param>
    /// <param name="forecasters">What to draw in the prediction panels and the horizon chart, in legend order
    /// (the final model's int8 forecaster once there is one, the final model, the teacher, the best classical extrapolation).</param>
    /// <param name="teacherCost">The teacher's cost on the microcontroller, to place it on the Pareto charts; null leaves it off.</param>
    /// <param name="options">What to show.</param>
    public static ReportModel Build(RunSummary summary, ProtocolSplits splits, IReadOnlyList<IForecaster> forecasters,
        CandidateCost? teacherCost, ReportOptions? options = null)
    {
        var o = options ?? new ReportOptions();
        if (o.TestPanels < 0) throw new ArgumentOutOfRangeException(nameof(options), o.TestPanels, "test panels must not be negative");
        foreach (var f in forecasters)
        {
            if (f.InputLength != splits.Train.InputLength || f.Horizon != splits.Train.Horizon)
                throw new ArgumentException($"'{f.Name}' maps {f.InputLength} values to {f.Horizon}; the run's windows are {splits.Train.InputLength}+{splits.Train.Horizon}", nameof(forecasters));
        }

        var paper = splits.Reports.FirstOrDefault(s => s.Name == PaperSplitPrefix);
        var test = PooledTest(splits);
        return new ReportModel(
            o.Title ?? "DLNet run",
            Overview(summary, splits),
            FinalOf(summary).Name,
            ReportHeadline.Of(summary),
            Labels(summary),
            FlashChart(summary, teacherCost, o.ParetoSplit),
            LatencyChart(summary, teacherCost, o.ParetoSplit),
            paper is null ? [] : Panels(paper, Enumerable.Range(0, paper.Count).ToArray(), forecasters, "paper16"),
            test is null ? [] : Panels(test, SampleWindows(test, o.TestPanels), forecasters, "test"),
            Horizon(test, forecasters),
            Metrics(summary),
            new ClassicalTable(summary.BestClassical.Name, summary.BestClassical.ChosenOn, summary.Baselines),
            summary.Candidates,
            summary.Ablation,
            summary.Deployment);
    }

    /// <summary>The report splits that hold test cells (every report split but the paper's segments) as one set, or null when there is none.</summary>
    public static WindowSet? PooledTest(ProtocolSplits splits)
    {
        var tests = splits.Reports.Where(s => !s.Name.StartsWith(PaperSplitPrefix, StringComparison.Ordinal)).ToArray();
        if (tests.Length == 0) return null;
        var windows = tests.SelectMany(s => s.Windows.ToArray());
        return new WindowSet(string.Join("+", tests.Select(s => s.Name)), tests[0].Series, tests[0].InputLength, tests[0].Horizon, windows);
    }

    /// <summary>
    /// Up to <paramref name="count"/> windows, one per cell, from cells spread evenly over the set; the k-th of m
    /// cells shows the window at fraction (k + 1/2) / m of its life in the set, so the sample runs from early
    /// to late ageing.
    /// </summary>
    public static int[] SampleWindows(WindowSet set, int count)
    {
        var byCell = new Dictionary<int, List<int>>();
        var cells = new List<List<int>>();
        for (int i = 0; i < set.Count; i++)
        {
            if (!byCell.TryGetValue(set[i].Series, out var list))
            {
                byCell[set[i].Series] = list = [];
                cells.Add(list);
            }
            list.Add(i);
        }
        int m = Math.Min(count, cells.Count);
        var chosen = new int[m];
        for (int k = 0; k < m; k++)
        {
            var cell = cells[m == 1 ? 0 : (int)Math.Round(k * (cells.Count - 1) / (double)(m - 1))];
            chosen[k] = cell[Math.Min(cell.Count - 1, (int)((k + 0.5) / m * cell.Count))];
        }
        return chosen;
    }

    /// <summary>The panels of the given windows of <paramref name="set"/>, each forecaster run once over all of them.</summary>
    public static IReadOnlyList<PredictionPanel> Panels(WindowSet set, IReadOnlyList<int> windows, IReadOnlyList<IForecaster> forecasters, string filePrefix)
    {
        int n = windows.Count, w = set.InputLength, h = set.Horizon;
        if (n == 0) return [];
        var histories = new double[n * w];
        var truths = new double[n * h];
        for (int i = 0; i < n; i++)
        {
            set.CopyInputs(windows[i], 1, histories.AsSpan(i * w, w));
            set.CopyTargets(windows[i], 1, truths.AsSpan(i * h, h));
        }
        var forecasts = new double[forecasters.Count][];
        for (int f = 0; f < forecasters.Count; f++)
        {
            forecasts[f] = new double[n * h];
            forecasters[f].Forecast(histories, forecasts[f], n);
        }

        var panels = new PredictionPanel[n];
        for (int i = 0; i < n; i++)
        {
            var window = set[windows[i]];
            string cell = set.Series[window.Series].Id;
            int first = window.Start + 1;
            string title = string.Create(CultureInfo.InvariantCulture, $"{cell}, cycles {first}-{first + w + h - 1}");
            string file = string.Create(CultureInfo.InvariantCulture, $"{filePrefix}-{i + 1:D2}-{FileSafe(cell)}.png");
            panels[i] = new PredictionPanel(file, title, cell, first, histories[(i * w)..((i + 1) * w)], truths[(i * h)..((i + 1) * h)],
                forecasters.Select((fc, f) => new NamedCurve(fc.Name, forecasts[f][(i * h)..((i + 1) * h)])).ToArray());
        }
        return panels;
    }

    /// <summary>MAE per horizon step of every forecaster on the pooled test windows (no curves when there are none).</summary>
    public static HorizonChart Horizon(WindowSet? test, IReadOnlyList<IForecaster> forecasters)
    {
        if (test is null || test.Count == 0) return new HorizonChart("horizon-mae.png", test?.Name ?? "test", 0, [], []);
        var curves = new List<NamedCurve>();
        var rows = new List<EvaluationRow>();
        foreach (var f in forecasters)
        {
            var evaluation = Evaluator.Evaluate(f, test);
            curves.Add(new NamedCurve(f.Name, [.. evaluation.Overall.MaePerStep]));
            rows.Add(EvaluationRow.From(evaluation));
        }
        return new HorizonChart("horizon-mae.png", test.Name, test.Count, curves, rows);
    }

    /// <summary>Error against flash bytes: candidates at their flash bytes, the teacher at its int8 weights plus the candidates' runtime share.</summary>
    public static ParetoChart FlashChart(RunSummary summary, CandidateCost? teacherCost, string split)
    {
        var points = new List<ParetoPoint>();
        string? note = null;
        if (teacherCost is not null && TeacherError(summary, split) is double teacherError)
        {
            // Flash beyond the weights (the runtime's code and tables) does not depend on the weights; when every
            // candidate shows the same share, the teacher would carry it too.
            var overheads = summary.Candidates.Select(c => c.FlashBytes - c.Int8Bytes).Distinct().ToArray();
            long overhead = overheads.Length == 1 ? overheads[0] : 0;
            if (overheads.Length > 1) note = "teacher placed at its int8 weight bytes (the candidates' runtime share varies)";
            double flash = teacherCost.Int8WeightBytes + overhead;
            points.Add(new ParetoPoint(summary.Teacher.Name, ModelStage.Teacher, flash, flash, teacherError, false));
        }
        foreach (var c in summary.Candidates)
            points.Add(new ParetoPoint(c.Name, StageOf(c.Stage), c.FlashBytes, c.FlashBytes, CandidateError(c, split), c.Name == FinalOf(summary).Name));
        return new ParetoChart("pareto-flash.png", "Error against flash", "flash (bytes, log scale)", ErrorLabel(split),
            Usable(points), Front(points), summary.Budget.FlashBytes, note);
    }

    /// <summary>Error against the estimated latency at 64 MHz: marker at the pessimistic end, bar to the optimistic end.</summary>
    public static ParetoChart LatencyChart(RunSummary summary, CandidateCost? teacherCost, string split)
    {
        var points = new List<ParetoPoint>();
        if (teacherCost is not null && TeacherError(summary, split) is double teacherError)
            points.Add(new ParetoPoint(summary.Teacher.Name, ModelStage.Teacher, teacherCost.Latency.MillisecondsHigh,
                teacherCost.Latency.MillisecondsLow, teacherError, false));
        foreach (var c in summary.Candidates)
            points.Add(new ParetoPoint(c.Name, StageOf(c.Stage), c.LatencyMsHigh, c.LatencyMsLow, CandidateError(c, split), c.Name == FinalOf(summary).Name));
        return new ParetoChart("pareto-latency.png", "Error against latency", "latency at 64 MHz (ms, estimate, log scale)", ErrorLabel(split),
            Usable(points), Front(points), summary.Budget.LatencyMs, null);
    }

    /// <summary>The candidates (not the teacher) that no other candidate beats in both cost and error, by increasing cost.</summary>
    public static IReadOnlyList<ParetoPoint> Front(IReadOnlyList<ParetoPoint> points)
    {
        var candidates = Usable(points).Where(p => p.Stage != ModelStage.Teacher).ToArray();
        return ParetoFront.Of(candidates, p => [p.Cost, p.Error]).OrderBy(p => p.Cost).ThenBy(p => p.Error).ToArray();
    }

    public static ModelStage StageOf(string stage) => stage switch
    {
        CandidateStages.Stage1 => ModelStage.Stage1,
        CandidateStages.Compressed => ModelStage.Compressed,
        CandidateStages.Stage2 => ModelStage.Stage2,
        "teacher" => ModelStage.Teacher,
        _ => throw new ArgumentException($"unknown candidate stage '{stage}' (expected stage1, compressed or stage2)", nameof(stage)),
    };

    private static IReadOnlyList<ParetoPoint> Usable(IEnumerable<ParetoPoint> points) =>
        points.Where(p => double.IsFinite(p.Error) && p.Cost > 0 && double.IsFinite(p.Cost)).ToArray();

    private static string ErrorLabel(string split) => $"{split} MAE (SOH)";

    private static double CandidateError(CandidateRecord c, string split) =>
        split == "validation" && c.ValidationMae is double v && v > 0 ? v : Mae(c.Metrics, split) ?? double.NaN;

    private static double? TeacherError(RunSummary summary, string split) => Mae(summary.Teacher.Metrics, split);

    private static double? Mae(IEnumerable<EvaluationRow> rows, string split) => rows.FirstOrDefault(r => r.Split == split)?.Mae;

    /// <summary>What the plots call the final model (float and int8) and the teacher: their roles, which the headline names.</summary>
    public static IReadOnlyDictionary<string, string> Labels(RunSummary summary) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Int8Name(summary)] = summary.Deployment is null ? "final, int8" : "final, int8 (deployed)",
        [FinalOf(summary).Name] = "final, float",
        [summary.Teacher.Name] = "teacher",
    };

    /// <summary>The name the final model's int8 forecaster goes by (that of <c>QuantizedForecaster</c>).</summary>
    public static string Int8Name(RunSummary summary) => Int8Name(FinalOf(summary).Name);

    /// <inheritdoc cref="Int8Name(RunSummary)"/>
    public static string Int8Name(ReportModel model) => Int8Name(model.FinalModel);

    private static string Int8Name(string finalModel) => finalModel + "-int8";

    /// <summary>The final model (int8 first once deployed), the teacher and the baselines on every split but train, from the summary.</summary>
    private static IReadOnlyList<EvaluationRow> Metrics(RunSummary summary)
    {
        var all = (summary.Deployment?.Int8Metrics ?? [])
            .Concat(FinalOf(summary).Metrics.Select(r => r with { Predictor = FinalOf(summary).Name }))
            .Concat(summary.Teacher.Metrics.Select(r => r with { Predictor = summary.Teacher.Name }))
            .Concat(summary.Baselines)
            .Where(r => r.Split != "train")
            .ToArray();
        var splitOrder = all.Select(r => r.Split).Distinct().ToList();
        return all.OrderBy(r => splitOrder.IndexOf(r.Split)).ToArray();
    }

    private static IReadOnlyList<(string, string)> Overview(RunSummary s, ProtocolSplits splits)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<(string, string)>
        {
            ("final model", FinalOf(s).Name),
            ("data", string.Create(c, $"{s.Data.Source} ({s.Data.Cells} cells)")),
            ("protocol", $"{s.Protocol}; windows: " + string.Join(", ", splits.All.Select(w => string.Create(c, $"{w.Name} {w.Count}")))),
            ("preset", s.Preset ?? "(config file)"),
            ("seed", s.Seed.ToString(c)),
        };
        var b = s.Budget;
        rows.Add(("budget", string.Create(c, $"flash {b.FlashBytes:N0} B, RAM {b.RamBytes:N0} B, latency {b.LatencyMs:0.###} ms")));
        rows.Add(("elapsed", string.Create(c, $"{s.ElapsedSeconds:0.#} s")));
        rows.Add(("DLNet", s.DlnetVersion));
        return rows;
    }

    /// <summary>The final model of a summary the report is drawn from (<see cref="RunSummary.RequireFinal"/> checks it on reading).</summary>
    internal static FinalSummary FinalOf(RunSummary summary) =>
        summary.Final ?? throw new ArgumentException("a report needs a run with a final model", nameof(summary));

    private static string FileSafe(string name) =>
        new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());
}
