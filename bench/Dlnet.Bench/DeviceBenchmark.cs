using System.Globalization;
using System.Text;
using System.Text.Json;
using Dlnet.Architectures;
using Dlnet.Firmware;
using Dlnet.Fleet;
using Dlnet.ModelFiles;
using Dlnet.Optimization;
using Dlnet.Pipeline;
using Dlnet.Selection;
using Dlnet.Splits;
using Dlnet.Training;

namespace Dlnet.Bench;

/// <summary>
/// Cycles of the runtime's kernels on the Cortex-M4F by the firmware step's timing model, at every student shape of the
/// paper grid: each student is trained one epoch on a small synthetic fleet (the weights only have to be real numbers),
/// deployed as the pipeline deploys, and one forecast traced under QEMU. Writes the cycles per MAC and per element of each
/// kernel to bench/results/device-kernels.{json,md}, and fits the calibration the cost model selects on
/// (src/Dlnet/Selection/cortex-m4-calibration.json): per kernel, cycles per call, per MAC and per element.
/// </summary>
internal static class DeviceBenchmark
{
    public const string Command = "dotnet run --project bench/Dlnet.Bench -c Release -- device [--all | --refit]";

    sealed record Measured(string Student, IReadOnlyDictionary<string, KernelWork> Work, IReadOnlyDictionary<string, double> Cycles, CycleCount Total, long Macs);

    /// <summary>
    /// Every student of the grid with <paramref name="all"/>; otherwise the small ones, among which the budget selects, at a
    /// fraction of the time (tracing a student of 100k MACs takes minutes on a busy machine): hidden 16, 8 and 4 with encoder
    /// widths 8 and 16, and hidden 16 and 4 with the narrow encoders 32 and 64.
    /// </summary>
    static bool Spans(NetworkOptions o, bool all) => all
        || (o.EncoderWidth is 8 or 16 or 32 or 64 && o.Hidden is 16 or 8 or 4 && !(o.EncoderWidth is 32 or 64 && o.Hidden == 8));

    public static void Run(string repository, bool all)
    {
        var series = FleetLoader.Load(WriteFleet(), new FleetLoadOptions());
        var run = RunSplits.Of(new SplitPlan(CellsProtocol.Name, 42), series);
        var splits = run.Windows;
        var config = RunPresets.Get(RunPresets.Paper, 1);
        var shapes = config.Stage1.Grid.SelectMany(e => e.Expand().Select(o => (e.Architecture, Options: o))).Where(s => Spans(s.Options, all)).ToList();
        var measured = new List<Measured>();
        string scratch = Directory.CreateTempSubdirectory("dlnet-device-bench-").FullName;
        try
        {
            foreach (var (architecture, options) in shapes)
            {
                string name = CandidateNames.Stage1(architecture, options);
                string folder = Path.Combine(scratch, name), firmware = Path.Combine(scratch, name + "-fw");
                var settings = new ForecasterTrainingSettings(architecture, options, config.OutputForm,
                    new TrainingOptions { Epochs = 1, Seed = 1, Threads = 1, Patience = 0 }, name);
                var trained = ForecasterTraining.Run(series, splits, 42, settings);
                ModelFile.Save(folder, trained.Description, trained.Forecaster.Network.Parameters);
                var result = FirmwareDeployment.Run(folder, run, firmware,
                    new DeploymentOptions { Sanitizers = false, EmulatorWindows = 1, TimingWindows = 1 }, modelName: name);
                var cycles = result.Emulator?.Cycles ?? throw new InvalidOperationException("the timing model did not run: " + string.Join("; ", result.Notes));
                var cost = CostModel.Estimate(trained.Forecaster.Network);
                measured.Add(new Measured(name, cost.Kernels, ByKernel(cycles.ByCaller), cycles, cost.Macs));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {cycles.Value:N0} cycles ({cycles.Low:N0}-{cycles.High:N0}), {cost.Macs:N0} MACs, {(double)cycles.Value / cost.Macs:0.00} cycles per MAC"));
                Directory.Delete(folder, recursive: true);
                Directory.Delete(firmware, recursive: true);
            }
        }
        finally { Directory.Delete(scratch, recursive: true); }

        Write(repository, measured);
    }

    /// <summary>Fits the calibration again on the students of bench/results/device-kernels.json, without tracing them again.</summary>
    public static void Refit(string repository)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(repository, "bench", "results", "device-kernels.json")));
        var measured = new List<Measured>();
        foreach (var s in doc.RootElement.GetProperty("students").EnumerateArray())
        {
            var work = new Dictionary<string, KernelWork>(StringComparer.Ordinal);
            foreach (var k in s.GetProperty("kernels").EnumerateObject())
                work[k.Name] = new KernelWork(k.Value.GetProperty("calls").GetInt64(), k.Value.GetProperty("macs").GetInt64(), k.Value.GetProperty("elements").GetInt64());
            var byCaller = s.GetProperty("by_caller").EnumerateObject().Select(f => new FunctionCycles(f.Name, "", 0, f.Value.GetInt64(), 0, 0)).ToList();
            var cycles = ByKernel(byCaller);
            long L(string name) => s.GetProperty(name).GetInt64();
            var total = new CycleCount(L("cycles"), L("cycles_low"), L("cycles_high"), L("instructions"), 1, 64e6, new TimeRange(0, 0, 0), [], byCaller, []);
            measured.Add(new Measured(s.GetProperty("student").GetString()!, work, cycles, total, L("macs")));
        }
        Write(repository, measured);
    }

    static void Write(string repository, IReadOnlyList<Measured> measured)
    {
        var calibration = Fit(measured);
        File.WriteAllText(Path.Combine(repository, "src", "Dlnet", "Selection", "cortex-m4-calibration.json"), calibration.ToJson() + "\n");
        string results = Path.Combine(repository, "bench", "results");
        File.WriteAllText(Path.Combine(results, "device-kernels.json"), Json(measured, calibration) + "\n");
        File.WriteAllText(Path.Combine(results, "device-kernels.md"), Markdown(measured, calibration));
        Console.WriteLine($"calibration on {measured.Count} students: largest error {calibration.Error:P1}; written to bench/results/device-kernels.* and src/Dlnet/Selection/cortex-m4-calibration.json");
    }

    /// <summary>The runtime's entry points by the kernel family they belong to (the timing model charges their helpers to them).</summary>
    static readonly (string Prefix, string Kernel)[] Families =
    [
        ("dlnet_fully_connected_s16_w8", KernelWork.DenseS16W8), ("dlnet_fully_connected_s16", KernelWork.DenseS16),
        ("dlnet_fully_connected_s8", KernelWork.DenseS8),
        ("dlnet_forecast", KernelWork.Head),
        ("dlnet_layer_norm", KernelWork.LayerNorm),
        ("dlnet_lut", KernelWork.Lookup),
        ("dlnet_liquid", KernelWork.Liquid),
    ];

    /// <summary>The cycles per caller summed per kernel; the rest (the generated model code, the residual, requantisation) is the model code.</summary>
    static Dictionary<string, double> ByKernel(IEnumerable<FunctionCycles> byCaller)
    {
        var sums = KernelWork.Names.ToDictionary(n => n, _ => 0.0);
        foreach (var f in byCaller)
            sums[Families.Where(p => !f.Function.StartsWith("dlnet_model_", StringComparison.Ordinal) && f.Function.StartsWith(p.Prefix, StringComparison.Ordinal))
                .Select(p => p.Kernel).FirstOrDefault() ?? KernelWork.ModelCode] += f.Cycles;
        return sums;
    }

    /// <summary>Per kernel, least squares of its cycles on its calls, MACs and elements over the students, no coefficient negative.</summary>
    static DeviceCalibration Fit(IReadOnlyList<Measured> measured)
    {
        var kernels = new Dictionary<string, KernelCycles>(StringComparer.Ordinal);
        foreach (string kernel in KernelWork.Names)
        {
            var rows = measured.Select(m => (Work: m.Work.GetValueOrDefault(kernel), Cycles: m.Cycles[kernel])).ToList();
            kernels[kernel] = NonNegativeLeastSquares(rows);
        }
        var calibration = new DeviceCalibration(64e6, kernels, 1, 1, 0, measured.Count, Command);
        double error = measured.Max(m => Math.Abs(Predicted(calibration, m) / m.Total.Value - 1));
        return calibration with
        {
            LowRatio = Math.Round(measured.Min(m => (double)m.Total.Low / m.Total.Value), 4),
            HighRatio = Math.Round(measured.Max(m => (double)m.Total.High / m.Total.Value), 4),
            Error = Math.Round(error, 4),
        };
    }

    static double Predicted(DeviceCalibration c, Measured m) => m.Work.Sum(k => c.Kernels[k.Key].Of(k.Value));

    /// <summary>
    /// The subset of (calls, MACs, elements) whose least-squares fit has no negative coefficient and the least squared error
    /// (fewer columns on a tie): within one kernel some columns are proportional over the grid (the first layer's MACs are
    /// 100 times its rows), and such a pair is fitted by one of them.
    /// </summary>
    static KernelCycles NonNegativeLeastSquares(IReadOnlyList<(KernelWork Work, double Cycles)> rows)
    {
        int[][] subsets = [[0, 1, 2], [0, 1], [0, 2], [1, 2], [1], [2], [0]];
        double[]? best = null;
        double bestError = double.MaxValue;
        foreach (int[] columns in subsets)
        {
            double[]? x = Solve(rows, columns);
            if (x is null || x.Any(v => v < 0)) continue;
            var full = new double[3];
            for (int j = 0; j < columns.Length; j++) full[columns[j]] = x[j];
            double error = rows.Sum(r => Math.Pow(full[0] * r.Work.Calls + full[1] * r.Work.Macs + full[2] * r.Work.Elements - r.Cycles, 2));
            if (error < bestError * (1 - 1e-9)) (best, bestError) = (full, error);
        }
        best ??= new double[3];
        return new KernelCycles(Math.Round(best[0], 4), Math.Round(best[1], 4), Math.Round(best[2], 4));
    }

    /// <summary>Normal equations on the chosen columns of (calls, MACs, elements); null when they are singular.</summary>
    static double[]? Solve(IReadOnlyList<(KernelWork Work, double Cycles)> rows, int[] columns)
    {
        int n = columns.Length;
        double Feature(KernelWork w, int j) => j switch { 0 => w.Calls, 1 => w.Macs, _ => w.Elements };
        var a = new double[n, n + 1];
        foreach (var (w, y) in rows)
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++) a[i, j] += Feature(w, columns[i]) * Feature(w, columns[j]);
                a[i, n] += Feature(w, columns[i]) * y;
            }
        double scale = Enumerable.Range(0, n).Max(i => Math.Abs(a[i, i]));
        if (scale == 0) return null;
        for (int p = 0; p < n; p++)
        {
            int pivot = Enumerable.Range(p, n - p).MaxBy(r => Math.Abs(a[r, p]));
            for (int j = 0; j <= n; j++) (a[p, j], a[pivot, j]) = (a[pivot, j], a[p, j]);
            if (Math.Abs(a[p, p]) < 1e-9 * scale) return null;
            for (int r = 0; r < n; r++)
            {
                if (r == p) continue;
                double f = a[r, p] / a[p, p];
                for (int j = p; j <= n; j++) a[r, j] -= f * a[p, j];
            }
        }
        return [.. Enumerable.Range(0, n).Select(i => a[i, n] / a[i, i])];
    }

    static string Json(IReadOnlyList<Measured> measured, DeviceCalibration calibration) => JsonSerializer.Serialize(new
    {
        command = Command,
        target = "Cortex-M4F at 64 MHz (nRF52840), timing model on QEMU mps2-an386",
        students = measured.Select(m => new
        {
            student = m.Student,
            macs = m.Macs,
            cycles = m.Total.Value,
            cycles_low = m.Total.Low,
            cycles_high = m.Total.High,
            instructions = m.Total.Instructions,
            cycles_per_mac = Math.Round((double)m.Total.Value / m.Macs, 3),
            by_caller = m.Total.ByCaller.ToDictionary(f => f.Function, f => f.Cycles),
            estimated = Math.Round(Predicted(calibration, m)),
            kernels = KernelWork.Names.Where(k => m.Work.ContainsKey(k)).ToDictionary(k => k, k => new
            {
                calls = m.Work[k].Calls,
                macs = m.Work[k].Macs,
                elements = m.Work[k].Elements,
                cycles = Math.Round(m.Cycles[k]),
                cycles_per_mac = m.Work[k].Macs > 0 ? Math.Round(m.Cycles[k] / m.Work[k].Macs, 3) : (double?)null,
                cycles_per_element = m.Work[k].Elements > 0 ? Math.Round(m.Cycles[k] / m.Work[k].Elements, 2) : (double?)null,
            }),
        }),
        calibration,
    }, new JsonSerializerOptions { WriteIndented = true });

    static string Markdown(IReadOnlyList<Measured> measured, DeviceCalibration calibration)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append(c, $"# Kernel cycles on the Cortex-M4F (timing model)\n\nRegenerate: `{Command}`. One forecast of each student (the small students of the paper grid; `--all`: every one), ")
          .Append("traced under QEMU and costed with the Cortex-M4 cycle table (docs/deployment.md). Cycles per MAC for the matrix kernels, per element for the others.\n\n");
        md.Append("| student | MACs | cycles | range | cycles/MAC | ").Append(string.Join(" | ", KernelWork.Names.Select(Short))).Append(" | calibrated |\n");
        md.Append("|---|---:|---:|---:|---:|").Append(string.Concat(KernelWork.Names.Select(_ => "---:|"))).Append("---:|\n");
        foreach (var m in measured)
        {
            md.Append(c, $"| {m.Student} | {m.Macs:N0} | {m.Total.Value:N0} | {m.Total.Low:N0}-{m.Total.High:N0} | {(double)m.Total.Value / m.Macs:0.00} |");
            foreach (string k in KernelWork.Names)
            {
                var w = m.Work.GetValueOrDefault(k);
                md.Append(' ').Append(w.Macs > 0 ? (m.Cycles[k] / w.Macs).ToString("0.00", c) + "/MAC"
                    : w.Elements > 0 ? (m.Cycles[k] / w.Elements).ToString("0.0", c) + "/el" : "-").Append(" |");
            }
            md.Append(c, $" {Predicted(calibration, m) / m.Total.Value - 1:+0.0%;-0.0%} |\n");
        }
        md.Append("\nCalibration (cycles = calls x per call + MACs x per MAC + elements x per element):\n\n| kernel | per call | per MAC | per element |\n|---|---:|---:|---:|\n");
        foreach (var (k, v) in calibration.Kernels) md.Append(c, $"| {k} | {v.PerCall:0.#} | {v.PerMac:0.###} | {v.PerElement:0.##} |\n");
        md.Append(c, $"\nLargest error of the calibrated total against the timing model: {calibration.Error:P1}; the timing model's range spans {calibration.LowRatio:0.###} to {calibration.HighRatio:0.###} times its value.\n");
        return md.ToString();
    }

    static string Short(string kernel) => kernel.Replace("dlnet_", "", StringComparison.Ordinal);

    /// <summary>A small synthetic fleet as a long CSV in a temporary folder (read back as the pipeline reads data).</summary>
    static string WriteFleet()
    {
        string dir = Directory.CreateTempSubdirectory("dlnet-device-fleet-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } };
        string csv = Path.Combine(dir, "cells.csv");
        LongCsvWriter.Write(SyntheticFleet.Generate(new SyntheticFleetOptions { CellCount = 8, Seed = 4, NoiseStdDev = 2e-4 }), csv);
        return csv;
    }
}
