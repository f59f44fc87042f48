using System.Globalization;

namespace Dlnet.Bench;

/// <summary>
/// <c>scaling run --cells N [--epochs E] [--threads T] [--format csv|parquet] [--out FILE] [--work DIR]</c>: one fleet
/// size, one process (so that one size's memory says nothing of another's); <c>scaling plot [--in FILE] [--out PNG]</c>:
/// the figure of docs/scaling.md from the results file. bench/scaling.sh runs both.
/// </summary>
public static class ScalingCommand
{
    public const string DefaultResults = "bench/results/scaling.json";

    public static void Run(string[] args)
    {
        string verb = args.Length > 0 ? args[0] : "";
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
        string Get(string name, string fallback) => options.GetValueOrDefault(name, fallback);
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        switch (verb)
        {
            case "run":
                ScalingRun.Run(Int("--cells", 50), Int("--epochs", 1), Int("--threads", Environment.ProcessorCount), Get("--format", "csv"),
                    Get("--out", DefaultResults), Get("--work", Path.Combine(Path.GetTempPath(), "dlnet-scaling")));
                break;
            case "plot":
                ScalingPlot.Write(Get("--in", DefaultResults), Get("--out", "docs/scaling.png"));
                break;
            default:
                throw new ArgumentException("usage: scaling run --cells N [--epochs E] [--threads T] [--format csv|parquet] [--out FILE] [--work DIR] | scaling plot [--in FILE] [--out PNG]");
        }
    }
}
