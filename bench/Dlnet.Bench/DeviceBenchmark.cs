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
    public const string Command = "dotnet run --project bench/Dlnet.Bench -c Release -- device [--all]";

    sealed record Measured(string Student, IReadOnlyDictionary<string, KernelWork> Work, IReadOnlyDictionary<string, double> Cycles, CycleCount Total, long Macs);

    /// <summary>
    /// Every student of the grid with <paramref name="all"/>; otherwise those that span its kernel shapes at a fraction of
    /// the time (tracing a student of 100k MACs takes minutes on a busy machine): hidden 64, 16, 8 and 4 with the narrow
    /// encoders, encoder widths 8 and 16 of the small ones, and the published shape at hidden 8.
    /// </summary>
    static bool Spans(NetworkOptions o, bool all) => all
        || (o.EncoderWidth is 256 ? o.Hidden == 8 : o.EncoderWidth is not 12 && o.Hidden is 64 or 16 or 8 or 4);

    public static void Run(string repository, bool all)
    {
        var series = FleetLoader.Load(WriteFleet(), new FleetLoadOptions());
        var splits = Protocols.Split(CellsProtocol.Name, series, 42);
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
                var result = FirmwareDeployment.Run(folder, splits, firmware,
                    new DeploymentOptions { Sanitizers = false, EmulatorWindows = 1, TimingWindows = 1 }, modelName: name);
                var cycles = result.Emulator?.Cycles ?? throw new InvalidOperationException("the timing model did not run: " + string.Join("; ", result.Notes));
                var cost = CostModel.Estimate(trained.Forecaster.Network);
                measured.Add(new Measured(name, cost.Kernels, ByKernel(cycles), cycles, cost.Macs));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {cycles.Value:N0} cycles ({cycles.Low:N0}-{cycles.High:N0}), {cost.Macs:N0} MACs, {(double)cycles.Value / cost.Macs:0.00} cycles per MAC"));
                Directory.Delete(folder, recursive: true);
                Directory.Delete(firmware, recursive: true);
            }
        }
        finally { Directory.Delete(scratch, recursive: true); }

        var calibration = Fit(measured);
        File.WriteAllText(Path.Combine(repository, "src", "Dlnet", "Selection", "cortex-m4-calibration.json"), calibration.ToJson() + "\n");
        string results = Path.Combine(repository, "bench", "results");
        File.WriteAllText(Path.Combine(results, "device-kernels.json"), Json(measured, calibration) + "\n");
        File.WriteAllText(Path.Combine(results, "device-kernels.md"), Markdown(measured, calibration));
        Console.WriteLine($"calibration on {measured.Count} students: largest error {calibration.Error:P1}; written to bench/results/device-kernels.* and src/Dlnet/Selection/cortex-m4-calibration.json");
    }

    /// <summary>The breakdown summed per kernel (a kernel's helpers share its name's prefix); the rest is the model code.</summary>
    static Dictionary<string, double> ByKernel(CycleCount cycles)
    {
        var kernels = KernelWork.Names.Where(n => n != KernelWork.ModelCode).OrderByDescending(n => n.Length).ToList();
        var sums = KernelWork.Names.ToDictionary(n => n, _ => 0.0);
        foreach (var f in cycles.Breakdown)
            sums[kernels.FirstOrDefault(k => f.Function.StartsWith(k, StringComparison.Ordinal)) ?? KernelWork.ModelCode] += f.Cycles;
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

    static KernelCycles NonNegativeLeastSquares(IReadOnlyList<(KernelWork Work, double Cycles)> rows)
    {
        bool[] use = [true, rows.Any(r => r.Work.Macs > 0), rows.Any(r => r.Work.Elements > 0)];
        while (true)
        {
            int[] columns = [.. Enumerable.Range(0, 3).Where(j => use[j])];
            double[] x = Solve(rows, columns);
            int negative = Array.FindIndex(x, v => v < 0);
            if (negative < 0 || columns.Length == 1)
            {
                var full = new double[3];
                for (int j = 0; j < columns.Length; j++) full[columns[j]] = Math.Max(0, Math.Round(x[j], 4));
                return new KernelCycles(full[0], full[1], full[2]);
            }
            use[columns[negative]] = false;
        }
    }

    /// <summary>Normal equations on the chosen columns of (calls, MACs, elements).</summary>
    static double[] Solve(IReadOnlyList<(KernelWork Work, double Cycles)> rows, int[] columns)
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
        for (int p = 0; p < n; p++)
        {
            int pivot = Enumerable.Range(p, n - p).MaxBy(r => Math.Abs(a[r, p]));
            for (int j = 0; j <= n; j++) (a[p, j], a[pivot, j]) = (a[pivot, j], a[p, j]);
            if (Math.Abs(a[p, p]) < 1e-12) return new double[n];
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
        md.Append(c, $"# Kernel cycles on the Cortex-M4F (timing model)\n\nRegenerate: `{Command}`. One forecast of each student of the paper grid, ")
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
