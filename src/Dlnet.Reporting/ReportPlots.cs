using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace Dlnet.Reporting;

/// <summary>
/// A rendered plot: its file name under <c>plots/</c>, its PNG bytes, the size it is shown at on the page
/// (CSS pixels) and its caption. The PNG has <see cref="ReportPlots.Scale"/> times as many pixels each way.
/// </summary>
public sealed record PlotImage(string File, byte[] Png, int Width, int Height, string Caption);

/// <summary>
/// Draws the charts of a <see cref="ReportModel"/> with ScottPlot, headless, as PNG images of fixed sizes
/// (so reports of different runs line up and tests can check what they embed), at twice the resolution
/// they are shown at, so they stay sharp on high-density screens and slides. Legends sit outside the
/// data, error axes are labelled in plain decimals.
/// </summary>
public static class ReportPlots
{
    /// <summary>Two two-column rows fit a 1400-pixel page: charts and panels are 660 pixels wide.</summary>
    public const int ParetoWidth = 660, ParetoHeight = 420;
    public const int PanelWidth = 660, PanelHeight = 300;
    public const int HorizonWidth = 900, HorizonHeight = 420;

    /// <summary>Image pixels per CSS pixel.</summary>
    public const int Scale = 2;

    // Fixed colours per legend position, so the same forecaster keeps its colour across panels.
    private static readonly Color[] Palette =
    [
        Color.FromHex("#d62728"), Color.FromHex("#1f77b4"), Color.FromHex("#2ca02c"),
        Color.FromHex("#9467bd"), Color.FromHex("#ff7f0e"), Color.FromHex("#8c564b"),
    ];

    // DejaVu Sans where installed (most Linux systems); ScottPlot falls back to its default font elsewhere.
    private const string SansFont = "DejaVu Sans";

    private static readonly Color Ink = Color.FromHex("#222222");
    private static readonly Color Muted = Color.FromHex("#888888");

    /// <summary>Every plot of the report, in the order the report shows them.</summary>
    public static IReadOnlyList<PlotImage> RenderAll(ReportModel model)
    {
        var images = new List<PlotImage> { Pareto(model.FlashFront), Pareto(model.LatencyFront) };
        images.AddRange(model.PaperPanels.Select(p => Panel(p, model.Label)));
        images.AddRange(model.TestPanels.Select(p => Panel(p, model.Label)));
        if (model.Horizon.Curves.Count > 0) images.Add(Horizon(model.Horizon, model.Label));
        return images;
    }

    /// <summary>Error against cost on a log cost axis: a marker per model by stage, the front as a line, the final model labelled.</summary>
    public static PlotImage Pareto(ParetoChart chart)
    {
        var plot = NewPlot(chart.Title, chart.CostLabel, chart.ErrorLabel);
        LogAxis(plot, chart.Points.SelectMany(p => new[] { p.CostLow, p.Cost }).Append(chart.Budget ?? double.NaN));

        if (chart.Front.Count > 1)
        {
            var line = plot.Add.ScatterLine(chart.Front.Select(p => Math.Log10(p.Cost)).ToArray(), chart.Front.Select(p => p.Error).ToArray());
            line.Color = Muted;
            line.LineWidth = 1.5f;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "front (candidates)";
        }
        foreach (var p in chart.Points.Where(p => p.CostLow < p.Cost))
        {
            var range = plot.Add.Line(Math.Log10(p.CostLow), p.Error, Math.Log10(p.Cost), p.Error);
            range.Color = Muted.WithAlpha(0.6);
            range.LineWidth = 1;
        }
        foreach (var stage in Enum.GetValues<ModelStage>())
        {
            var points = chart.Points.Where(p => p.Stage == stage).ToArray();
            if (points.Length == 0) continue;
            var (shape, color, size, name) = Style(stage);
            var markers = plot.Add.Markers(points.Select(p => Math.Log10(p.Cost)).ToArray(), points.Select(p => p.Error).ToArray(), shape, size, color);
            markers.LegendText = name;
        }
        // The final model is ringed and named in the caption: a name on the chart would cover its neighbours.
        var final = chart.Points.FirstOrDefault(p => p.IsFinal);
        if (final is not null)
        {
            var ring = plot.Add.Marker(Math.Log10(final.Cost), final.Error, MarkerShape.OpenCircle, 18, Ink);
            ring.LineWidth = 2;
            ring.LegendText = "final model";
        }
        if (chart.Budget is double budget && budget > 0)
        {
            var limit = plot.Add.VerticalLine(Math.Log10(budget), 1, Color.FromHex("#b22222"), LinePattern.Dotted);
            limit.LegendText = "budget";
        }
        plot.ShowLegend(Edge.Right);
        string caption = $"{chart.ErrorLabel} against {chart.CostLabel}" + (final is null ? "" : $"; ringed: the final model, {final.Name}") + (chart.Note is null ? "" : $"; {chart.Note}");
        var errors = chart.Points.Select(p => p.Error).Where(double.IsFinite).ToArray();
        if (ErrorLimit(chart) is double top)
        {
            double bottom = errors.Min();
            ErrorAxis(plot, bottom - (top - bottom) * 0.06, top);
            int off = chart.Points.Count(p => p.Error > top);
            caption += $"; {off} {(off == 1 ? "model" : "models")} above {ReportNumbers.Significant(top)} off the chart";
        }
        else if (errors.Length > 0)
        {
            double pad = Math.Max((errors.Max() - errors.Min()) * 0.06, Math.Abs(errors.Max()) * 0.02);
            ErrorAxis(plot, errors.Min() - pad, errors.Max() + pad);
        }
        return Render(plot, chart.File, ParetoWidth, ParetoHeight, caption);
    }

    /// <summary>History cycles a panel shows before the forecast: enough to see the trend, few enough that the forecasts get most of the width.</summary>
    public const int PanelHistoryShown = 30;

    /// <summary>
    /// One window: the end of the observed history in black, each forecast in the palette's colours, and the
    /// true values drawn last (black dots) so that no forecast hides them; the caption gives each
    /// forecaster's MAE to three significant digits.
    /// </summary>
    public static PlotImage Panel(PredictionPanel panel, Func<string, string>? label = null)
    {
        label ??= name => name;
        string caption = panel.Title + ": MAE " + string.Join(", ", panel.Errors.Select(e => $"{label(e.Name)} {ReportNumbers.Significant(e.Mae)}"));
        return Render(PanelPlot(panel, label), panel.File, PanelWidth, PanelHeight, caption);
    }

    /// <summary>The plot <see cref="Panel"/> renders.</summary>
    internal static Plot PanelPlot(PredictionPanel panel, Func<string, string> label)
    {
        var plot = NewPlot(panel.Title, "cycle", "SOH");
        int w = panel.History.Length, h = panel.Truth.Length, shown = Math.Min(w, PanelHistoryShown);
        double[] past = Enumerable.Range(panel.FirstCycle + w - shown, shown).Select(c => (double)c).ToArray();
        double[] future = Enumerable.Range(panel.FirstCycle + w, h).Select(c => (double)c).ToArray();

        var history = plot.Add.ScatterLine(past, panel.History[(w - shown)..]);
        history.Color = Ink;
        history.LineWidth = 2;
        history.LegendText = "observed";
        for (int f = 0; f < panel.Forecasts.Count; f++)
        {
            var line = plot.Add.ScatterLine(future, panel.Forecasts[f].Values);
            line.Color = Palette[f % Palette.Length];
            line.LineWidth = f == 0 ? 2.5f : 1.5f;
            line.LegendText = label(panel.Forecasts[f].Name);
        }
        var truth = plot.Add.ScatterPoints(future, panel.Truth);
        truth.Color = Ink;
        truth.MarkerSize = 3;
        truth.LegendText = "true";
        var start = plot.Add.VerticalLine(panel.FirstCycle + w - 0.5, 1, Muted.WithAlpha(0.5), LinePattern.Dotted);
        start.ExcludeFromLegend = true;
        var values = panel.History[(w - shown)..].Concat(panel.Truth).Concat(panel.Forecasts.SelectMany(f => f.Values)).Where(double.IsFinite).ToArray();
        if (values.Length > 0)
        {
            double pad = Math.Max((values.Max() - values.Min()) * 0.05, 1e-4);
            ErrorAxis(plot, values.Min() - pad, values.Max() + pad);
        }
        plot.Axes.SetLimitsX(past.Length > 0 ? past[0] - 1 : future[0] - 1, future[^1] + 1);
        plot.Legend.FontSize = 11;
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>MAE at each horizon step, one line per forecaster.</summary>
    public static PlotImage Horizon(HorizonChart chart, Func<string, string>? label = null)
    {
        label ??= name => name;
        var plot = NewPlot($"MAE by horizon step ({chart.Split}, {chart.Windows} windows)", "steps ahead (cycles)", "MAE (SOH)");
        for (int f = 0; f < chart.Curves.Count; f++)
        {
            var values = chart.Curves[f].Values;
            var line = plot.Add.ScatterLine(Enumerable.Range(1, values.Length).Select(s => (double)s).ToArray(), values);
            line.Color = Palette[f % Palette.Length];
            line.LineWidth = 2;
            line.LinePattern = f == 0 ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = label(chart.Curves[f].Name);
        }
        ErrorAxis(plot, 0, chart.Curves.SelectMany(c => c.Values).Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.05);
        plot.ShowLegend(Edge.Right);
        return Render(plot, chart.File, HorizonWidth, HorizonHeight, plot.Axes.Title.Label.Text);
    }

    /// <summary>
    /// The top of the error axis when a few far-off models (heavily pruned ones before stage 2, say) would squeeze the
    /// front into a sliver: above the front's worst error and nine models in ten. Null to show all.
    /// </summary>
    private static double? ErrorLimit(ParetoChart chart)
    {
        var errors = chart.Points.Select(p => p.Error).Where(double.IsFinite).Order().ToArray();
        if (errors.Length < 10) return null;
        double ninth = errors[(int)Math.Ceiling(0.9 * errors.Length) - 1];
        double frontWorst = chart.Front.Select(p => p.Error).Where(double.IsFinite).DefaultIfEmpty(ninth).Max();
        double top = Math.Max(frontWorst, ninth) * 1.05;
        // Only worth it when the hidden models would take more than half the axis.
        return errors[^1] - errors[0] > 2 * (top - errors[0]) ? top : null;
    }

    /// <summary>
    /// The left axis from <paramref name="low"/> to <paramref name="high"/> with ticks at 1, 2 or 5 times a power
    /// of ten, every label with the same decimals (no "5E-05" beside "0.0001").
    /// </summary>
    private static void ErrorAxis(Plot plot, double low, double high)
    {
        if (!(high > low) || !double.IsFinite(low) || !double.IsFinite(high)) return;
        double raw = (high - low) / 7, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(m => m >= raw);
        var format = ReportNumbers.TickLabels(step);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (long k = (long)Math.Ceiling(low / step - 1e-9); k * step <= high + step * 1e-9; k++) ticks.AddMajor(k * step, format(k * step));
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY(low, high);
    }

    /// <summary>
    /// A log10 bottom axis over the given values: ticks at 1, 2 and 5 times powers of ten (every integer
    /// multiple when the values span less than a few of those), labelled in the values' own units.
    /// </summary>
    private static void LogAxis(Plot plot, IEnumerable<double> values)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        if (positive.Length == 0) return;
        double low = Math.Log10(positive.Min()), high = Math.Log10(positive.Max());
        double pad = Math.Max(0.08, (high - low) * 0.08);
        low -= pad;
        high += pad;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int[] steps = high - low < 1.2 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 5];
        for (int decade = (int)Math.Floor(low); decade <= (int)Math.Ceiling(high); decade++)
        {
            foreach (int m in steps)
            {
                double value = m * Math.Pow(10, decade), at = Math.Log10(value);
                if (at >= low && at <= high) ticks.AddMajor(at, value.ToString(value >= 1 ? "#,0" : "0.###", CultureInfo.InvariantCulture));
            }
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(low, high);
    }

    private static (MarkerShape Shape, Color Color, float Size, string Name) Style(ModelStage stage) => stage switch
    {
        ModelStage.Teacher => (MarkerShape.FilledDiamond, Color.FromHex("#444444"), 12, "teacher"),
        ModelStage.Stage1 => (MarkerShape.FilledCircle, Color.FromHex("#1f77b4"), 7, "stage 1"),
        ModelStage.Compressed => (MarkerShape.FilledTriangleUp, Color.FromHex("#ff7f0e"), 9, "compressed"),
        _ => (MarkerShape.FilledSquare, Color.FromHex("#2ca02c"), 8, "stage 2"),
    };

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Font.Set(SansFont);
        plot.Title(title);
        plot.Axes.Title.Label.FontSize = 14;
        plot.XLabel(x, 12);
        plot.YLabel(y, 12);
        plot.Grid.MajorLineColor = Color.FromHex("#e5e5e5");
        return plot;
    }

    /// <summary>
    /// Lays the plot out at its page size and draws it through a canvas scaled by <see cref="Scale"/>: every line,
    /// marker and letter keeps its place and gains pixels (the plot's own scale factor would also double the
    /// room it keeps for a legend beside the data).
    /// </summary>
    private static PlotImage Render(Plot plot, string file, int width, int height, string caption) =>
        new(file, RenderPng(plot, width, height), width, height, caption);

    /// <summary>The PNG bytes of <paramref name="plot"/> laid out at <paramref name="width"/> x <paramref name="height"/>, <see cref="Scale"/> times as many pixels.</summary>
    internal static byte[] RenderPng(Plot plot, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width * Scale, height * Scale)) ?? throw new InvalidOperationException("no drawing surface for a plot");
        surface.Canvas.Scale(Scale);
        plot.Render(surface.Canvas, width, height);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
