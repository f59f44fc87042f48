using System.Globalization;
using Dlnet.Pipeline;
using Dlnet.Scoring;
using Dlnet.Splits;

namespace Dlnet.Reporting;

/// <summary>
/// What the run ships and how good it is, first thing in the report: the final model as deployed (int8,
/// or float when the run was not deployed) against the best classical extrapolation and the teacher on
/// every report split, and its cost on the board, each figure saying whether it was measured or estimated.
/// </summary>
/// <param name="Model">Name of the final model.</param>
/// <param name="Int8">True when <see cref="HeadlineSplit.Shipped"/> is the int8 firmware's error; false when the run was not deployed (float).</param>
/// <param name="Classical">Name of the best classical extrapolation (<see cref="BestClassical"/>).</param>
/// <param name="Splits">The report splits (every split but train and validation), in the summary's order.</param>
/// <param name="Costs">Flash, RAM, latency, parameters and bit-exactness of the shipped model.</param>
public sealed record ReportHeadline(string Model, bool Int8, string Classical, IReadOnlyList<HeadlineSplit> Splits, IReadOnlyList<HeadlineCost> Costs)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The headline of <paramref name="summary"/>.</summary>
    public static ReportHeadline Of(RunSummary summary)
    {
        var d = summary.Deployment;
        bool int8 = d is not null && d.Int8Metrics.Count > 0;
        var final = ReportBuilder.FinalOf(summary);
        var shipped = int8 ? d!.Int8Metrics : final.Metrics;
        string classical = BestClassical(summary);
        var splits = shipped.Select(r => r.Split).Where(IsReportSplit).Distinct()
            .Select(s => new HeadlineSplit(s, Row(shipped, s)?.Windows ?? 0, Mae(shipped, s), Mae(final.Metrics, s),
                Mae(summary.Baselines.Where(b => b.Predictor == classical), s), Mae(summary.Teacher.Metrics, s)))
            .ToArray();
        return new ReportHeadline(final.Name, int8, classical, splits, CostsOf(summary));
    }

    /// <summary>The classical extrapolation the model must beat: the one the run chose on its validation cells.</summary>
    public static string BestClassical(RunSummary summary) => summary.BestClassical.Name;

    /// <summary>Splits that report on cells no model was fitted or chosen on.</summary>
    public static bool IsReportSplit(string split) => split is not ("train" or "validation");

    private static IReadOnlyList<HeadlineCost> CostsOf(RunSummary s)
    {
        var d = s.Deployment;
        var candidate = s.Candidate(ReportBuilder.FinalOf(s).Name);
        var costs = new List<HeadlineCost>();
        const string build = "arm-none-eabi-gcc -Os build for the Cortex-M4F, model and inference code";
        const string costModel = "cost model, not built";
        if (d?.FlashBytes is long flash) costs.Add(new("flash", string.Create(C, $"{flash:N0} B"), build, true));
        else if (candidate is not null) costs.Add(new("flash", string.Create(C, $"{candidate.FlashBytes:N0} B"), costModel, false));
        if (d?.RamBytes is long ram) costs.Add(new("static RAM", string.Create(C, $"{ram:N0} B"), build, true));
        else if (candidate is not null) costs.Add(new("RAM", string.Create(C, $"{candidate.RamBytes:N0} B"), costModel, false));
        if (d?.CyclesPerForecast is { } cycles)
            costs.Add(new("latency at 64 MHz", string.Create(C, $"{cycles.Milliseconds.Value:0.000} ms ({cycles.Milliseconds.Low:0.000}-{cycles.Milliseconds.High:0.000})"),
                string.Create(C, $"{cycles.Value:N0} cycles per forecast ({cycles.Low:N0}-{cycles.High:N0}) by the Cortex-M4 timing model on QEMU's trace of {d.InstructionsPerInference:N0} instructions (the sketch prints the time on the board)"), false));
        else if (d?.LatencyMsAt64Mhz is { } l)
            costs.Add(new("latency at 64 MHz", string.Create(C, $"{l.Low:0.00}-{l.High:0.00} ms"),
                string.Create(C, $"{d.InstructionsPerInference:N0} instructions counted under QEMU's Cortex-M4, at 1 to 2 cycles each (the sketch prints the time on the board)"), false));
        else if (candidate is not null)
            costs.Add(new("latency at 64 MHz", string.Create(C, $"{candidate.LatencyMsLow:0.00}-{candidate.LatencyMsHigh:0.00} ms"), costModel, false));
        if (candidate is not null) costs.Add(new("parameters", candidate.Parameters.ToString("N0", C), "counted in the model", true));
        if (d is not null)
        {
            var host = d.BitExact.Host;
            string exact = string.Create(C, $"{host.WindowsIdentical:N0} of {host.WindowsCompared:N0} windows on the host")
                + (d.BitExact.Emulator is { } e ? string.Create(C, $", {e.WindowsIdentical:N0} of {e.WindowsCompared:N0} under QEMU") : ", not run under QEMU");
            costs.Add(new("generated C = integer engine", exact, "every output compared bit for bit", true));
        }
        return costs;
    }

    private static EvaluationRow? Row(IEnumerable<EvaluationRow> rows, string split) => rows.FirstOrDefault(r => r.Split == split);

    private static double? Mae(IEnumerable<EvaluationRow> rows, string split) =>
        Row(rows, split)?.Mae is double m && double.IsFinite(m) ? m : null;
}

/// <summary>The shipped model's MAE on one report split next to the same model in float, the best classical extrapolation and the teacher.</summary>
public sealed record HeadlineSplit(string Split, int Windows, double? Shipped, double? Float, double? Classical, double? Teacher)
{
    /// <summary>Relative change of the shipped model's MAE against <paramref name="reference"/>: -0.62 is 62% lower.</summary>
    public static double? Change(double? shipped, double? reference) =>
        shipped is double s && reference is double r && r > 0 ? s / r - 1 : null;
}

/// <summary>One figure of the shipped model's cost, and how it was obtained.</summary>
/// <param name="Label">What the figure is (flash, static RAM, ...).</param>
/// <param name="Value">The figure with its unit.</param>
/// <param name="How">How it was measured or estimated.</param>
/// <param name="Measured">True for a measurement (a build, a count, a comparison); false for an estimate.</param>
public sealed record HeadlineCost(string Label, string Value, string How, bool Measured);
