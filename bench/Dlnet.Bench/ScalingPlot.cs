using System.Text.Json.Nodes;
using ScottPlot;

namespace Dlnet.Bench;

/// <summary>
/// The figures of docs/scaling.md from bench/results/scaling.json: CPU time per training window of each stage
/// against the number of cells (flat lines are linear growth), and each stage's peak resident memory.
/// </summary>
public static class ScalingPlot
{
    public static void Write(string resultPath, string pngPath)
    {
        var runs = JsonNode.Parse(File.ReadAllText(resultPath))!["runs"]!.AsArray().Select(r => r!).ToArray();
        if (runs.Length == 0) throw new InvalidDataException($"{resultPath} holds no runs");
        double[] cells = [.. runs.Select(r => Math.Log10(r["cells"]!.GetValue<int>()))];
        string[] stages = [.. runs.SelectMany(r => r["stages"]!.AsArray().Select(s => s!["stage"]!.GetValue<string>()))
            .Distinct().Where(s => !s.StartsWith("select", StringComparison.Ordinal))];

        string memoryPath = Path.Combine(Path.GetDirectoryName(pngPath) ?? "", Path.GetFileNameWithoutExtension(pngPath) + "-memory.png");
        Draw(runs, cells, stages, "cpu_us_per_train_window", "CPU time per training window, by stage", "µs of CPU per training window", pngPath);
        Draw(runs, cells, stages, "peak_resident_mib", "Peak resident memory, by stage", "MiB", memoryPath);
        Console.WriteLine($"wrote {pngPath} and {memoryPath}");
    }

    private static void Draw(JsonNode[] runs, double[] cells, string[] stages, string field, string title, string yLabel, string path)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        plot.XLabel("cells in the fleet");
        plot.YLabel(yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < stages.Length; i++)
        {
            double[] ys = [.. runs.Select(r => r["stages"]!.AsArray().FirstOrDefault(s => s!["stage"]!.GetValue<string>() == stages[i])?[field]?.GetValue<double>() ?? double.NaN)];
            var line = plot.Add.ScatterLine(cells, ys);
            line.Color = palette.GetColor(i);
            line.MarkerSize = 7;
            line.LineWidth = 2;
            line.LegendText = stages[i];
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var r in runs) ticks.AddMajor(Math.Log10(r["cells"]!.GetValue<int>()), r["cells"]!.GetValue<int>().ToString("#,0", System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(cells.Min() - 0.15, cells.Max() + 0.15);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 900, 480);
    }
}
