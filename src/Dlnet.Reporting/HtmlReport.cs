using System.Globalization;
using System.Net;
using System.Text;
using Dlnet.Firmware;
using Dlnet.Pipeline;
using Dlnet.Scoring;

namespace Dlnet.Reporting;

/// <summary>
/// Writes the run report as one self-contained HTML page: a small inline stylesheet, tables, and every
/// plot embedded as a base64 PNG, so the file can be mailed or archived on its own. It opens with what
/// ships and how good it is; the search that led there follows, then the details. A section with
/// nothing to show is left out. Everything fits a 1400-pixel window without sideways scrolling.
/// </summary>
public static class HtmlReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private const string Style = """
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; margin: 2rem auto; max-width: 1352px; padding: 0 1.5rem; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; }
        h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
        p.lede { color: #555; margin-top: 0; }
        p.note { color: #666; font-size: .9rem; }
        table { border-collapse: collapse; margin: .6rem 0; font-size: .88rem; }
        th, td { padding: .25rem .55rem; border-bottom: 1px solid #e5e5e5; text-align: right; white-space: nowrap; }
        th { background: #f6f6f6; font-weight: 600; }
        td.text, th.text { text-align: left; }
        tr.final td { font-weight: 700; background: #fff8e1; }
        table.facts th { text-align: left; background: none; font-weight: 600; }
        table.facts td { text-align: left; white-space: normal; }
        section.headline { background: #f7fbff; border: 1px solid #cfe3f7; border-radius: 6px; padding: .4rem 1.2rem 1rem; margin-top: 1.2rem; }
        section.headline h2 { margin-top: .6rem; border: none; }
        p.verdict { font-size: 1.05rem; }
        td.shipped { font-weight: 700; font-size: 1rem; }
        .better { color: #1a7f37; }
        .worse { color: #b35900; }
        .measured, .estimated { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: 3px; margin-right: .4rem; }
        .measured { background: #dff3e4; color: #1a5e2a; }
        .estimated { background: #fdf0d5; color: #7a4d00; }
        .columns { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        .grid { display: flex; flex-wrap: wrap; gap: 1rem; }
        figure { margin: .5rem 0; }
        figcaption { font-size: .8rem; color: #555; }
        img { border: 1px solid #eee; }
        code { font-size: .9em; background: #f3f3f3; padding: 0 .2rem; }
        dl.key { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; font-size: .88rem; margin: .4rem 0; }
        dl.key dt { font-family: monospace; font-weight: 600; }
        dl.key dd { margin: 0; }
        footer { margin-top: 3rem; color: #888; font-size: .8rem; }

        """;

    /// <summary>The page for <paramref name="model"/> with <paramref name="plots"/> (as <see cref="ReportPlots.RenderAll"/> returns them) embedded.</summary>
    public static string Render(ReportModel model, IReadOnlyList<PlotImage> plots)
    {
        var images = plots.ToDictionary(p => p.File, StringComparer.Ordinal);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(model.Title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");

        html.Append("<h1>").Append(E(model.Title)).Append("</h1>\n");
        html.Append("<p class=\"lede\">").Append(E(string.Join(" \u00b7 ", model.Overview.Where(o => o.Label is "data" or "preset" or "seed" or "elapsed").Select(o => $"{o.Label} {o.Value}"))))
            .Append("</p>\n");

        Headline(html, model);

        html.Append("<h2>Pareto front</h2>\n<p class=\"note\">Each marker is one model: the teacher, the stage-1 students, their compressed forms and the ")
            .Append("stage-2 (retrained) models. The dashed line joins the candidates no other candidate beats in both cost and error; ")
            .Append("the ringed point is the final model. Costs here are the cost model's estimates, used to choose; latency markers sit at the ")
            .Append("pessimistic estimate, with a bar to the optimistic one.</p>\n");
        Grid(html, images, [model.FlashFront.File, model.LatencyFront.File]);

        if (model.PaperPanels.Count > 0)
        {
            html.Append("<h2>Predictions on the paper's segments</h2>\n<p class=\"note\">The 16 fixed evaluation segments: the last observed cycles (black line; the ")
                .Append("forecasters read ").Append(PanelHistory(model)).Append("), each forecaster's forecast of the cycles that followed, and the true values ")
                .Append("(black dots, drawn over the forecasts). \u201cfinal\u201d is the final model, ").Append(E(model.FinalModel)).Append(".</p>\n");
            Grid(html, images, model.PaperPanels.Select(p => p.File));
        }

        if (model.TestPanels.Count > 0)
        {
            html.Append("<h2>Predictions on test cells</h2>\n<p class=\"note\">One window from each of a sample of test cells, spread over the cells and from early ")
                .Append("to late in life: the last observed cycles (black line; the forecasters read ").Append(PanelHistory(model)).Append("), each forecaster's forecast, ")
                .Append("and the true values (black dots, drawn over the forecasts). \u201cfinal\u201d is the final model, ").Append(E(model.FinalModel)).Append(".</p>\n");
            Grid(html, images, model.TestPanels.Select(p => p.File));
        }

        if (model.Horizon.Curves.Count > 0)
        {
            html.Append("<h2>Error by horizon step</h2>\n");
            Figure(html, images, model.Horizon.File);
            html.Append("<p class=\"note\">Scored here on ").Append(model.Horizon.Windows.ToString("N0", C)).Append(" windows of ").Append(E(model.Horizon.Split)).Append(".</p>\n");
            MetricsTable(html, model.Horizon.Overall.Select(r => r with { Predictor = model.Label(r.Predictor) }).ToArray(), model.Label(ReportBuilder.Int8Name(model)));
        }

        if (model.Candidates.Count > 0)
        {
            html.Append("<h2>Candidates</h2>\n<p class=\"note\">Every model of the search. Flash, RAM and latency are the cost model's estimates, ")
                .Append("which the search chose on; the final model's measured figures are in the headline. MAE in SOH.</p>\n");
            html.Append("<div class=\"columns\">\n");
            CandidateTable(html, model.Candidates, model.FinalModel);
            NamingKey(html);
            html.Append("</div>\n");
        }

        if (model.Ablation.Count > 0)
        {
            html.Append("<h2>Ablation</h2>\n<p class=\"note\">MAE per split of the teacher, the best stage-1 student, its compressed form, the dual-stage model and the best classical extrapolation (")
                .Append(E(model.Classical.Chosen)).Append(").</p>\n");
            AblationTable(html, model.Ablation, model.Classical.Chosen);
        }

        if (model.Classical.Rows.Count > 0)
        {
            html.Append("<h2>Classical extrapolations</h2>\n<p class=\"note\">MAE of each extrapolation of the family per split. The reference (highlighted) is chosen on the ")
                .Append(E(model.Classical.ChosenOn)).Append(" cells, never on the test cells, and every comparison in this report uses it.</p>\n");
            FamilyTable(html, model.Classical);
        }

        if (model.Metrics.Count > 0)
        {
            html.Append("<h2>All metrics</h2>\n<p class=\"note\">From the run summary: MAE and RMSE in SOH, MAPE in percent, MAE@k at k cycles ahead.</p>\n");
            MetricsTable(html, model.Metrics, model.FinalModel);
        }

        if (model.Deployment is { } deployment)
        {
            html.Append("<h2>Deployment</h2>\n");
            DeploymentSection(html, deployment);
        }

        html.Append("<h2>About this run</h2>\n<table class=\"facts\">\n");
        foreach (var (label, value) in model.Overview)
            html.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
        html.Append("</table>\n");

        html.Append("<footer>Written by DLNet. Plots are also in plots/ beside this file, at twice the resolution shown.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>What ships, how it compares on each report split, what it costs on the board and how each figure was obtained.</summary>
    private static void Headline(StringBuilder html, ReportModel model)
    {
        var h = model.Headline;
        string shipped = h.Int8 ? "deployed int8 model" : "final model (float; not deployed)";
        html.Append("<section class=\"headline\" id=\"headline\">\n<h2>What ships</h2>\n<p class=\"verdict\">The ").Append(E(shipped)).Append(" is <b>")
            .Append(E(h.Model)).Append("</b>");
        var scored = h.Splits.Where(s => s.Shipped is not null).ToArray();
        if (scored.Length > 0)
        {
            html.Append(". Its MAE on cells it never saw, against the best classical extrapolation (").Append(E(h.Classical)).Append(") and the teacher: ")
                .Append(string.Join("; ", scored.Select(s => $"{E(s.Split)} {Compare(s.Shipped, s.Classical, h.Classical)}, {Compare(s.Shipped, s.Teacher, "the teacher")}")))
                .Append('.');
        }
        html.Append("</p>\n");

        if (h.Splits.Count > 0)
        {
            string shippedColumn = h.Int8 ? "int8, deployed" : "float";
            html.Append("<table>\n<tr><th class=\"text\">split</th><th>windows</th><th>").Append(E(shippedColumn)).Append(" MAE</th><th>vs ").Append(E(h.Classical))
                .Append("</th><th>vs teacher</th>").Append(h.Int8 ? "<th>same model, float</th>" : "").Append("<th>").Append(E(h.Classical)).Append("</th><th>teacher, float</th></tr>\n");
            foreach (var s in h.Splits)
            {
                html.Append("<tr>").Append(Text(s.Split)).Append(Num(s.Windows.ToString("N0", C)))
                    .Append("<td class=\"shipped\">").Append(ReportNumbers.Significant(s.Shipped)).Append("</td>")
                    .Append(Change(HeadlineSplit.Change(s.Shipped, s.Classical))).Append(Change(HeadlineSplit.Change(s.Shipped, s.Teacher)));
                if (h.Int8) html.Append(Num(ReportNumbers.Significant(s.Float)));
                html.Append(Num(ReportNumbers.Significant(s.Classical))).Append(Num(ReportNumbers.Significant(s.Teacher))).Append("</tr>\n");
            }
            html.Append("</table>\n");
        }

        if (h.Costs.Count > 0)
        {
            html.Append("<table class=\"facts\">\n");
            foreach (var c in h.Costs)
                html.Append("<tr><th>").Append(E(c.Label)).Append("</th><td>").Append(E(c.Value)).Append("</td><td><span class=\"")
                    .Append(c.Measured ? "measured\">measured" : "estimated\">estimated").Append("</span>")
                    .Append(E(c.How)).Append("</td></tr>\n");
            html.Append("</table>\n");
        }

        if (model.Deployment is null)
            html.Append("<p class=\"note\">Not deployed: <code>dlnet deploy</code> writes the int8 firmware and measures its size and latency.</p>\n");
        else
            html.Append("<p>To put it on the board: open <code>").Append(E($"{FirmwareStep.FolderName}/{FirmwareStep.SketchFolderName}/{FirmwareStep.SketchFolderName}.ino"))
                .Append("</code> (beside this report) in the Arduino IDE with the board core \u201cArduino Mbed OS Nano Boards\u201d and upload it to the Nano 33 BLE Sense; ")
                .Append("<code>").Append(E($"{FirmwareStep.FolderName}/README.md")).Append("</code> has the steps, the serial protocol and every measured figure.</p>\n");
        html.Append("</section>\n");
    }

    private static string PanelHistory(ReportModel model) =>
        model.TestPanels.Concat(model.PaperPanels).FirstOrDefault() is { } p ? string.Create(C, $"all {p.History.Length}") : "the whole history";

    /// <summary>"0.000330, 62% below quadratic50's 0.000870".</summary>
    private static string Compare(double? shipped, double? reference, string name)
    {
        if (HeadlineSplit.Change(shipped, reference) is not double change) return $"{ReportNumbers.Significant(shipped)} (no {E(name)} figure)";
        string direction = change <= 0 ? "below" : "above";
        string css = change <= 0 ? "better" : "worse";
        return $"<span class=\"{css}\">{Math.Abs(change * 100).ToString("0", C)}% {direction} {E(name)}</span> ({ReportNumbers.Significant(reference)})";
    }

    private static string Change(double? change) => change is double c
        ? $"<td class=\"{(c <= 0 ? "better" : "worse")}\">{ReportNumbers.Percent(c)}</td>"
        : "<td>-</td>";

    private static void Grid(StringBuilder html, IReadOnlyDictionary<string, PlotImage> images, IEnumerable<string> files)
    {
        html.Append("<div class=\"grid\">\n");
        foreach (string file in files) Figure(html, images, file);
        html.Append("</div>\n");
    }

    private static void Figure(StringBuilder html, IReadOnlyDictionary<string, PlotImage> images, string file)
    {
        if (!images.TryGetValue(file, out var image)) return;
        // The figure is as wide as its image, so captions wrap under it and panels tile the page; the image
        // has twice the pixels it is shown with.
        html.Append("<figure style=\"width: ").Append(image.Width.ToString(C)).Append("px\"><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(image.Png))
            .Append("\" width=\"").Append(image.Width.ToString(C)).Append("\" height=\"").Append(image.Height.ToString(C))
            .Append("\" alt=\"").Append(E(image.Caption)).Append("\"><figcaption>").Append(E(image.Caption)).Append("</figcaption></figure>\n");
    }

    private static void MetricsTable(StringBuilder html, IReadOnlyList<EvaluationRow> rows, string highlighted)
    {
        html.Append("<table>\n<tr><th class=\"text\">predictor</th><th class=\"text\">split</th><th>windows</th><th>MAE</th><th>RMSE</th><th>MAPE %</th><th>MAE@10</th><th>MAE@100</th></tr>\n");
        foreach (var r in rows)
        {
            html.Append(r.Predictor == highlighted ? "<tr class=\"final\">" : "<tr>")
                .Append(Text(r.Predictor)).Append(Text(r.Split)).Append(Num(r.Windows.ToString("N0", C)))
                .Append(Num(ReportNumbers.Significant(r.Mae))).Append(Num(ReportNumbers.Significant(r.Rmse))).Append(Num(ReportNumbers.Significant(r.Mape)))
                .Append(Num(ReportNumbers.Significant(r.MaeAt10))).Append(Num(ReportNumbers.Significant(r.MaeAt100))).Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    /// <summary>One row per candidate, in as few columns as tell them apart: the name carries stage and sizes (see the key).</summary>
    private static void CandidateTable(StringBuilder html, IReadOnlyList<CandidateRecord> candidates, string final)
    {
        var splits = candidates.SelectMany(c => c.Metrics.Select(m => m.Split)).Where(ReportHeadline.IsReportSplit).Distinct().ToArray();
        html.Append("<table>\n<tr><th class=\"text\">name</th><th>params</th><th>flash B</th><th>RAM B</th><th>MACs</th><th>latency ms</th><th>validation</th>");
        foreach (string s in splits) html.Append("<th>").Append(E(s)).Append("</th>");
        html.Append("<th class=\"text\">front, budget</th></tr>\n");
        foreach (var c in candidates)
        {
            html.Append(c.Name == final ? "<tr class=\"final\">" : "<tr>")
                .Append(Text(c.Name)).Append(Num(c.Parameters.ToString("N0", C))).Append(Num(c.FlashBytes.ToString("N0", C)))
                .Append(Num(c.RamBytes.ToString("N0", C))).Append(Num(c.Macs.ToString("N0", C)))
                .Append(Num(string.Create(C, $"{c.LatencyMsLow:0.00}-{c.LatencyMsHigh:0.00}"))).Append(Num(ReportNumbers.Significant(c.ValidationMae)));
            foreach (string s in splits) html.Append(Num(ReportNumbers.Significant(c.Metrics.FirstOrDefault(m => m.Split == s)?.Mae)));
            string status = (c.OnFront ? "front, " : "") + (c.WithinBudget ? "within" : "over") + (c.Name == final ? " \u00b7 final" : "");
            html.Append(Text(status)).Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void NamingKey(StringBuilder html)
    {
        html.Append("<div><p class=\"note\">How to read a candidate's name, such as <code>s2-student-h4-r4-e32-d32x32-p70</code>:</p>\n<dl class=\"key\">\n");
        foreach (var (token, meaning) in CandidateNames.Key)
            html.Append("<dt>").Append(E(token)).Append("</dt><dd>").Append(E(meaning)).Append("</dd>\n");
        html.Append("</dl></div>\n");
    }

    private static void AblationTable(StringBuilder html, IReadOnlyList<AblationRow> rows, string classical)
    {
        html.Append("<table>\n<tr><th class=\"text\">split</th><th>teacher</th><th>best stage 1</th><th>compressed</th><th>dual stage</th><th>")
            .Append(E(classical)).Append("</th></tr>\n");
        foreach (var r in rows)
            html.Append("<tr>").Append(Text(r.Split)).Append(Num(ReportNumbers.Significant(r.Teacher))).Append(Num(ReportNumbers.Significant(r.BestStage1)))
                .Append(Num(ReportNumbers.Significant(r.Compressed))).Append(Num(ReportNumbers.Significant(r.DualStage))).Append(Num(ReportNumbers.Significant(r.BestClassical))).Append("</tr>\n");
        html.Append("</table>\n");
    }

    private static void FamilyTable(StringBuilder html, ClassicalTable table)
    {
        html.Append("<table>\n<tr><th class=\"text\">extrapolation</th>");
        foreach (string split in table.Splits) html.Append("<th>").Append(E(split)).Append(" MAE</th>");
        html.Append("</tr>\n");
        foreach (string member in table.Members)
        {
            html.Append(member == table.Chosen ? "<tr class=\"final\">" : "<tr>").Append(Text(member));
            foreach (string split in table.Splits) html.Append(Num(ReportNumbers.Significant(table.Mae(member, split))));
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void DeploymentSection(StringBuilder html, DeploymentReport d)
    {
        const string notMeasured = "not measured (no Arm toolchain or QEMU)";
        var facts = new List<(string, string)>
        {
            ("model", d.Model),
            ("flash", d.FlashBytes is long flash ? string.Create(C, $"{flash:N0} bytes (measured)") : notMeasured),
            ("RAM", d.RamBytes is long ram ? string.Create(C, $"{ram:N0} bytes (measured)") : notMeasured),
            ("instructions per inference", d.InstructionsPerInference is long n ? string.Create(C, $"{n:N0} (measured under QEMU)") : notMeasured),
            ("cycles per forecast", d.CyclesPerForecast is { } c
                ? string.Create(C, $"{c.Value:N0} ({c.Low:N0}-{c.High:N0}; Cortex-M4 timing model on QEMU's instruction trace of {c.Windows} forecasts)")
                : "not modelled (no Arm toolchain, QEMU or disassembler)"),
            ("latency at 64 MHz", d.CyclesPerForecast is { } t
                ? string.Create(C, $"{t.Milliseconds.Value:0.###} ms ({t.Milliseconds.Low:0.###}-{t.Milliseconds.High:0.###})")
                : d.LatencyMsAt64Mhz is { } l ? string.Create(C, $"{l.Low:0.###}-{l.High:0.###} ms (estimate from the instruction count)") : notMeasured),
            ("bit-exact on the host", Comparison(d.BitExact.Host)),
            ("bit-exact on the emulated microcontroller", Comparison(d.BitExact.Emulator)),
            ("toolchain", string.Join("; ", new[] { d.Toolchain.HostCc, d.Toolchain.ArmCc, d.Toolchain.Qemu }.OfType<string>())),
        };
        html.Append("<table class=\"facts\">\n");
        foreach (var (label, value) in facts)
            html.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
        html.Append("</table>\n");
        if (d.CyclesPerForecast is { } cycles) CycleBreakdown(html, cycles);
        html.Append("<p class=\"note\">The int8 firmware against the float model and the baselines.</p>\n");
        MetricsTable(html, [.. d.Int8Metrics, .. d.FloatMetrics, .. d.Baselines], "");
    }

    /// <summary>Where a forecast's cycles go, kernel by kernel (with the library code each calls), and what the timing model assumes.</summary>
    private static void CycleBreakdown(StringBuilder html, CycleCount cycles)
    {
        html.Append("<table>\n<tr><th class=\"text\">function</th><th class=\"text\">kind</th><th>instructions</th><th>cycles</th><th>range</th><th>share</th></tr>\n");
        foreach (var f in cycles.ByCaller)
            html.Append("<tr>").Append(Text(f.Function)).Append(Text(f.Kind)).Append(Num(f.Instructions.ToString("N0", C))).Append(Num(f.Cycles.ToString("N0", C)))
                .Append(Num(string.Create(C, $"{f.CyclesLow:N0}-{f.CyclesHigh:N0}"))).Append(Num(string.Create(C, $"{(cycles.Value > 0 ? (double)f.Cycles / cycles.Value : 0):P0}"))).Append("</tr>\n");
        html.Append("</table>\n<p class=\"note\">").Append(E(string.Join("; ", cycles.Assumptions))).Append(".</p>\n");
    }

    private static string Comparison(WindowComparison? c) => c is null
        ? "not checked"
        : string.Create(C, $"{c.WindowsIdentical:N0} of {c.WindowsCompared:N0} windows identical") + (c.WindowsIdentical == c.WindowsCompared && c.WindowsCompared > 0 ? " (bit-exact)" : "");

    private static string Text(string s) => "<td class=\"text\">" + E(s) + "</td>";

    private static string Num(string s) => "<td>" + E(s) + "</td>";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
