using Dlnet.Deployment;
using System.Globalization;
using System.Net;
using System.Text;
using Dlnet.Evaluation;

namespace Dlnet.Reporting;

/// <summary>
/// Writes the run report as one self-contained HTML page: a small inline stylesheet, tables, and every
/// plot embedded as a base64 PNG, so the file can be mailed or archived on its own.
/// </summary>
public static class HtmlReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private const string Style = """
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; margin: 2rem auto; max-width: 1400px; padding: 0 1.5rem; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; }
        h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
        p.note { color: #666; font-size: .9rem; }
        table { border-collapse: collapse; margin: .6rem 0; font-size: .88rem; }
        th, td { padding: .25rem .6rem; border-bottom: 1px solid #e5e5e5; text-align: right; white-space: nowrap; }
        th { background: #f6f6f6; font-weight: 600; }
        td.text, th.text { text-align: left; }
        tr.final td { font-weight: 700; background: #fff8e1; }
        table.facts th { text-align: left; background: none; font-weight: 600; }
        table.facts td { text-align: left; white-space: normal; }
        .wide { overflow-x: auto; }
        .grid { display: flex; flex-wrap: wrap; gap: 1rem; }
        figure { margin: .5rem 0; }
        figcaption { font-size: .8rem; color: #555; }
        img { border: 1px solid #eee; }
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
        html.Append("<table class=\"facts\">\n");
        foreach (var (label, value) in model.Overview)
            html.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
        html.Append("</table>\n");

        html.Append("<h2>Pareto front</h2>\n<p class=\"note\">Each marker is one model: the teacher, the stage-1 students, their compressed forms and the ")
            .Append("stage-2 (retrained) models. The dashed line joins the candidates no other candidate beats in both cost and error; ")
            .Append("the ringed, labelled point is the final model. Latency markers sit at the pessimistic estimate, with a bar to the optimistic one.</p>\n");
        html.Append("<div class=\"grid\">\n");
        Figure(html, images, model.FlashFront.File);
        Figure(html, images, model.LatencyFront.File);
        html.Append("</div>\n");

        html.Append("<h2>Metrics</h2>\n<p class=\"note\">From the run summary: MAE and RMSE in SOH, MAPE in percent, MAE@k at k cycles ahead. ")
            .Append("The classical reference is ").Append(E(model.Classical.Chosen)).Append(", the extrapolation of lowest MAE on the ")
            .Append(E(model.Classical.ChosenOn)).Append(" cells.</p>\n");
        MetricsTable(html, model.Headline, model.FinalModel);

        html.Append("<h2>Classical extrapolations</h2>\n<p class=\"note\">MAE of each extrapolation of the family per split. The reference (bold) is chosen on the ")
            .Append(E(model.Classical.ChosenOn)).Append(" cells, never on the test cells, and every comparison in this report uses it.</p>\n");
        FamilyTable(html, model.Classical);

        html.Append("<h2>Predictions on the paper's segments</h2>\n");
        if (model.PaperPanels.Count == 0)
            html.Append("<p class=\"note\">The data has no paper_eval_segments.json, so there are no fixed paper segments to show.</p>\n");
        else
        {
            html.Append("<p class=\"note\">The 16 fixed evaluation segments: 100 observed cycles (black), the 100 that followed (grey) and each forecaster's forecast.</p>\n");
            Grid(html, images, model.PaperPanels.Select(p => p.File));
        }

        html.Append("<h2>Predictions on test cells</h2>\n");
        if (model.TestPanels.Count == 0) html.Append("<p class=\"note\">The protocol left no test windows.</p>\n");
        else
        {
            html.Append("<p class=\"note\">One window from each of a sample of test cells, spread over the cells and from early to late in life.</p>\n");
            Grid(html, images, model.TestPanels.Select(p => p.File));
        }

        html.Append("<h2>Error by horizon step</h2>\n");
        if (model.Horizon.Curves.Count == 0) html.Append("<p class=\"note\">No test windows to score.</p>\n");
        else
        {
            Figure(html, images, model.Horizon.File);
            html.Append("<p class=\"note\">Scored here on ").Append(model.Horizon.Windows.ToString(C)).Append(" windows of ").Append(E(model.Horizon.Split)).Append(".</p>\n");
            MetricsTable(html, model.Horizon.Overall, model.FinalModel);
        }

        html.Append("<h2>Candidates</h2>\n");
        CandidateTable(html, model.Candidates, model.FinalModel);

        html.Append("<h2>Ablation</h2>\n<p class=\"note\">MAE per split of the teacher, the best stage-1 student, its compressed form, the dual-stage model and the best classical extrapolation (")
            .Append(E(model.Classical.Chosen)).Append(").</p>\n");
        AblationTable(html, model.Ablation, model.Classical.Chosen);

        html.Append("<h2>Deployment</h2>\n");
        DeploymentSection(html, model.Deployment);

        html.Append("<footer>Written by DLNet. Plots are also in plots/ beside this file.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Grid(StringBuilder html, IReadOnlyDictionary<string, PlotImage> images, IEnumerable<string> files)
    {
        html.Append("<div class=\"grid\">\n");
        foreach (string file in files) Figure(html, images, file);
        html.Append("</div>\n");
    }

    private static void Figure(StringBuilder html, IReadOnlyDictionary<string, PlotImage> images, string file)
    {
        if (!images.TryGetValue(file, out var image)) return;
        // The figure is as wide as its image, so captions wrap under it and panels tile the page.
        html.Append("<figure style=\"width: ").Append(image.Width.ToString(C)).Append("px\"><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(image.Png))
            .Append("\" width=\"").Append(image.Width.ToString(C)).Append("\" height=\"").Append(image.Height.ToString(C))
            .Append("\" alt=\"").Append(E(image.Caption)).Append("\"><figcaption>").Append(E(image.Caption)).Append("</figcaption></figure>\n");
    }

    private static void MetricsTable(StringBuilder html, IReadOnlyList<EvaluationRow> rows, string final)
    {
        if (rows.Count == 0) { html.Append("<p class=\"note\">No metrics.</p>\n"); return; }
        html.Append("<table>\n<tr><th class=\"text\">predictor</th><th class=\"text\">split</th><th>windows</th><th>MAE</th><th>RMSE</th><th>MAPE %</th><th>MAE@10</th><th>MAE@100</th></tr>\n");
        foreach (var r in rows)
        {
            html.Append(r.Predictor == final ? "<tr class=\"final\">" : "<tr>")
                .Append(Text(r.Predictor)).Append(Text(r.Split)).Append(Num(r.Windows.ToString(C)))
                .Append(Num(F(r.Mae, "F5"))).Append(Num(F(r.Rmse, "F5"))).Append(Num(F(r.Mape, "F3")))
                .Append(Num(F(r.MaeAt10, "F5"))).Append(Num(F(r.MaeAt100, "F5"))).Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void CandidateTable(StringBuilder html, IReadOnlyList<RunCandidate> candidates, string final)
    {
        if (candidates.Count == 0) { html.Append("<p class=\"note\">The run recorded no candidates.</p>\n"); return; }
        var splits = candidates.SelectMany(c => c.Metrics.Select(m => m.Split)).Where(s => s is not "train" and not "validation").Distinct().ToArray();
        html.Append("<div class=\"wide\"><table>\n<tr><th class=\"text\">name</th><th class=\"text\">stage</th><th class=\"text\">parent</th><th class=\"text\">architecture</th>")
            .Append("<th>hidden</th><th>rank</th><th>pruned</th><th>parameters</th><th>int8 bytes</th><th>flash B</th><th>RAM B</th><th>MACs</th>")
            .Append("<th>latency ms</th><th>validation MAE</th>");
        foreach (string s in splits) html.Append("<th>").Append(E(s)).Append(" MAE</th>");
        html.Append("<th>front</th><th>budget</th></tr>\n");
        foreach (var c in candidates)
        {
            html.Append(c.Name == final ? "<tr class=\"final\">" : "<tr>")
                .Append(Text(c.Name)).Append(Text(c.Stage)).Append(Text(c.Parent ?? "")).Append(Text(c.Architecture))
                .Append(Num(c.Hidden?.ToString(C) ?? "-")).Append(Num(c.Rank?.ToString(C) ?? "-")).Append(Num(string.Create(C, $"{c.PruneRatio * 100:0}%")))
                .Append(Num(c.Parameters.ToString("N0", C))).Append(Num(c.Int8Bytes.ToString("N0", C))).Append(Num(c.FlashBytes.ToString("N0", C)))
                .Append(Num(c.RamBytes.ToString("N0", C))).Append(Num(c.Macs.ToString("N0", C)))
                .Append(Num(string.Create(C, $"{c.LatencyMsLow:0.###}-{c.LatencyMsHigh:0.###}"))).Append(Num(c.ValidationMae.ToString("F5", C)));
            foreach (string s in splits) html.Append(Num(F(c.Metrics.FirstOrDefault(m => m.Split == s)?.Mae, "F5")));
            html.Append(Num(c.OnFront ? "yes" : "")).Append(Num(c.WithinBudget ? "within" : "over")).Append("</tr>\n");
        }
        html.Append("</table></div>\n");
    }

    private static void AblationTable(StringBuilder html, IReadOnlyList<AblationRow> rows, string classical)
    {
        if (rows.Count == 0) { html.Append("<p class=\"note\">The run recorded no ablation.</p>\n"); return; }
        html.Append("<table>\n<tr><th class=\"text\">split</th><th>teacher</th><th>best stage 1</th><th>compressed</th><th>dual stage</th><th>")
            .Append(E(classical)).Append("</th></tr>\n");
        foreach (var r in rows)
            html.Append("<tr>").Append(Text(r.Split)).Append(Num(F(r.Teacher, "F5"))).Append(Num(F(r.BestStage1, "F5")))
                .Append(Num(F(r.Compressed, "F5"))).Append(Num(F(r.DualStage, "F5"))).Append(Num(F(r.BestClassical, "F5"))).Append("</tr>\n");
        html.Append("</table>\n");
    }

    private static void FamilyTable(StringBuilder html, ClassicalTable table)
    {
        if (table.Rows.Count == 0) { html.Append("<p class=\"note\">The run recorded no classical extrapolation.</p>\n"); return; }
        html.Append("<table>\n<tr><th class=\"text\">extrapolation</th>");
        foreach (string split in table.Splits) html.Append("<th>").Append(E(split)).Append(" MAE</th>");
        html.Append("</tr>\n");
        foreach (string member in table.Members)
        {
            html.Append(member == table.Chosen ? "<tr class=\"final\">" : "<tr>").Append(Text(member));
            foreach (string split in table.Splits) html.Append(Num(F(table.Mae(member, split), "F5")));
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void DeploymentSection(StringBuilder html, DeploymentReport? d)
    {
        if (d is null)
        {
            html.Append("<p class=\"note\">Not deployed: <code>dlnet deploy</code> writes the int8 firmware and its record.</p>\n");
            return;
        }
        const string notMeasured = "not measured (no Arm toolchain or QEMU)";
        var facts = new List<(string, string)>
        {
            ("model", d.Model),
            ("flash", d.FlashBytes is long flash ? string.Create(C, $"{flash:N0} bytes") : notMeasured),
            ("RAM", d.RamBytes is long ram ? string.Create(C, $"{ram:N0} bytes") : notMeasured),
            ("instructions per inference", d.InstructionsPerInference is long n ? n.ToString("N0", C) : notMeasured),
            ("latency at 64 MHz", d.LatencyMsAt64Mhz is { } l ? string.Create(C, $"{l.Low:0.###}-{l.High:0.###} ms") : notMeasured),
            ("bit-exact on the host", Comparison(d.BitExact.Host)),
            ("bit-exact on the emulated microcontroller", Comparison(d.BitExact.Emulator)),
            ("toolchain", string.Join("; ", new[] { d.Toolchain.HostCc, d.Toolchain.ArmCc, d.Toolchain.Qemu }.OfType<string>())),
        };
        html.Append("<table class=\"facts\">\n");
        foreach (var (label, value) in facts)
            html.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
        html.Append("</table>\n");
        html.Append("<p class=\"note\">The int8 firmware against the float model and the baselines.</p>\n");
        MetricsTable(html, [.. d.Int8Metrics, .. d.FloatMetrics, .. d.Baselines], "");
    }

    private static string Comparison(WindowComparison? c) => c is null
        ? "not checked"
        : string.Create(C, $"{c.WindowsIdentical:N0} of {c.WindowsCompared:N0} windows identical") + (c.WindowsIdentical == c.WindowsCompared && c.WindowsCompared > 0 ? " (bit-exact)" : "");

    private static string F(double? value, string format) => value is double v && double.IsFinite(v) ? v.ToString(format, C) : "-";

    private static string Text(string s) => "<td class=\"text\">" + E(s) + "</td>";

    private static string Num(string s) => "<td>" + E(s) + "</td>";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
