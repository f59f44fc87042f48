using System.Globalization;
using ScottPlot;

namespace Dlnet.Reporting;

/// <summary>A rendered plot: its file name under <c>plots/</c>, its PNG bytes and its size in pixels.</summary>
public sealed record PlotImage(string File, byte[] Png, int Width, int Height, string Caption);

/// <summary>
/// Draws the charts of a <see cref="ReportModel"/> with ScottPlot, headless, as PNG images of fixed sizes
/// (so reports of different runs line up and tests can check what they embed).
/// </summary>
public static class ReportPlots
{
    public const int ParetoWidth = 640, ParetoHeight = 440;
    public const int PanelWidth = 440, PanelHeight = 300;
    public const int HorizonWidth = 720, HorizonHeight = 420;

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
        images.AddRange(model.PaperPanels.Select(Panel));
        images.AddRange(model.TestPanels.Select(Panel));
        if (model.Horizon.Curves.Count > 0) images.Add(Horizon(model.Horizon));
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
        if (chart.Points.FirstOrDefault(p => p.IsFinal) is { } final)
        {
            var ring = plot.Add.Marker(Math.Log10(final.Cost), final.Error, MarkerShape.OpenCircle, 18, Ink);
            ring.LegendText = "final";
            var label = plot.Add.Text(final.Name, Math.Log10(final.Cost), final.Error);
            label.LabelFontSize = 12;
            label.LabelBold = true;
            label.LabelFontColor = Ink;
            label.OffsetX = 10;
            label.OffsetY = -10;
        }
        if (chart.Budget is double budget && budget > 0)
        {
            var limit = plot.Add.VerticalLine(Math.Log10(budget), 1, Color.FromHex("#b22222"), LinePattern.Dotted);
            limit.LegendText = "budget";
        }
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend();
        string caption = $"{chart.ErrorLabel} against {chart.CostLabel}" + (chart.Note is null ? "" : $"; {chart.Note}");
        if (ErrorLimit(chart) is double top)
        {
            double bottom = chart.Points.Min(p => p.Error);
            plot.Axes.SetLimitsY(bottom - (top - bottom) * 0.06, top);
            int off = chart.Points.Count(p => p.Error > top);
            caption += string.Create(CultureInfo.InvariantCulture, $"; {off} {(off == 1 ? "model" : "models")} above {top:0.#####} off the chart");
        }
        return Render(plot, chart.File, ParetoWidth, ParetoHeight, caption);
    }

    /// <summary>One window: history in black, truth in grey, forecasts in the palette's colours.</summary>
    public static PlotImage Panel(PredictionPanel panel)
    {
        var plot = NewPlot(panel.Title, "cycle", "SOH");
        int w = panel.History.Length, h = panel.Truth.Length;
        double[] past = Enumerable.Range(panel.FirstCycle, w).Select(c => (double)c).ToArray();
        double[] future = Enumerable.Range(panel.FirstCycle + w, h).Select(c => (double)c).ToArray();

        var history = plot.Add.ScatterLine(past, panel.History);
        history.Color = Ink;
        history.LineWidth = 2;
        history.LegendText = "observed";
        var truth = plot.Add.ScatterLine(future, panel.Truth);
        truth.Color = Muted;
        truth.LineWidth = 3;
        truth.LegendText = "true";
        for (int f = 0; f < panel.Forecasts.Count; f++)
        {
            var line = plot.Add.ScatterLine(future, panel.Forecasts[f].Values);
            line.Color = Palette[f % Palette.Length];
            line.LineWidth = 1.5f;
            line.LinePattern = f == 0 ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = panel.Forecasts[f].Name;
        }
        var start = plot.Add.VerticalLine(panel.FirstCycle + w - 0.5, 1, Muted.WithAlpha(0.5), LinePattern.Dotted);
        start.ExcludeFromLegend = true;
        plot.Legend.Alignment = Alignment.LowerLeft;
        plot.Legend.FontSize = 9;
        plot.ShowLegend();
        string caption = panel.Title + ": MAE " + string.Join(", ", panel.Errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Name} {e.Mae:F4}")));
        return Render(plot, panel.File, PanelWidth, PanelHeight, caption);
    }

    /// <summary>MAE at each horizon step, one line per forecaster.</summary>
    public static PlotImage Horizon(HorizonChart chart)
    {
        var plot = NewPlot($"MAE by horizon step ({chart.Split}, {chart.Windows} windows)", "steps ahead (cycles)", "MAE (SOH)");
        for (int f = 0; f < chart.Curves.Count; f++)
        {
            var values = chart.Curves[f].Values;
            var line = plot.Add.ScatterLine(Enumerable.Range(1, values.Length).Select(s => (double)s).ToArray(), values);
            line.Color = Palette[f % Palette.Length];
            line.LineWidth = 2;
            line.LinePattern = f == 0 ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = chart.Curves[f].Name;
        }
        plot.Axes.SetLimitsY(0, chart.Curves.SelectMany(c => c.Values).Where(double.IsFinite).DefaultIfEmpty(1).Max() * 1.05);
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        return Render(plot, chart.File, HorizonWidth, HorizonHeight, plot.Axes.Title.Label.Text);
    }

    /// <summary>
    /// A log10 bottom axis over the given values: ticks at 1, 2 and 5 times powers of ten (every integer
    /// multiple when the values span less than a few of those), labelled in the values' own units.
    /// </summary>
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

    private static PlotImage Render(Plot plot, string file, int width, int height, string caption) =>
        new(file, plot.GetImageBytes(width, height, ImageFormat.Png), width, height, caption);
}
