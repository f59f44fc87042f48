using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dlnet.Fleet;
using Dlnet.Forecasting;
using Dlnet.Nn.Networks;
using Dlnet.Optimization;
using Dlnet.Splits;

namespace Dlnet.Bench;

/// <summary>
/// Whole training epochs of the paper's teacher at the paper's settings: 1,658 windows of 100 + 100
/// values, batch 32, AdamW, cosine schedule, clipping at 1, dropout on; through the same
/// <see cref="Trainer"/> as <c>dlnet train</c>, without a validation pass (the paper's loop has none).
/// Reports wall time per epoch and process CPU time per epoch for one thread and for every core,
/// and writes them as JSON.
/// </summary>
public static class TeacherEpoch
{
    private const int Windows = 1658, Length = 100, Horizon = 100, Stride = 40;

    public static void Run(string resultPath, int epochs = 30)
    {
        var train = PaperSizedWindows();
        var empty = new WindowArrays([], [], 0, Length, Horizon);
        var encoding = WindowEncoding.Fit(OutputForm.MinMax, train);

        var runs = new List<object>();
        foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var teacher = new PaperTeacher<float>(new PaperTeacherOptions());
            teacher.Initialize(1);
            var options = new TrainingOptions { Epochs = epochs, Patience = 0, Threads = threads, Seed = 1 };
            // A short run first so that compilation and the thread pool are warm.
            new Trainer(teacher, encoding, options with { Epochs = 3 }).Train(train, empty);

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = new Trainer(teacher, encoding, options).Train(train, empty);
            double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / epochs;

            var perEpoch = new double[epochs];
            for (int e = 0; e < epochs; e++)
                perEpoch[e] = (result.History[e].Elapsed - (e == 0 ? TimeSpan.Zero : result.History[e - 1].Elapsed)).TotalMilliseconds;
            Array.Sort(perEpoch);
            double median = perEpoch[epochs / 2], best = perEpoch[0];
            Console.WriteLine($"threads {threads}: {median:F1} ms per epoch (median of {epochs}), best {best:F1} ms, process CPU {cpuMs:F1} ms per epoch");
            runs.Add(new { threads, epochs, median_ms = Math.Round(median, 2), best_ms = Math.Round(best, 2), process_cpu_ms = Math.Round(cpuMs, 2) });
        }

        var report = new
        {
            benchmark = "teacher-epoch",
            model = "paper teacher, 155,749 parameters, float",
            windows = Windows,
            batch = 32,
            target_ms = 35,
            machine = new { cores = Environment.ProcessorCount, os = RuntimeInformation.OSDescription, cpu = RuntimeInformation.ProcessArchitecture.ToString(), runtime = RuntimeInformation.FrameworkDescription },
            measured_utc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            runs,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultPath))!);
        File.WriteAllText(resultPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"wrote {resultPath}");
    }

    /// <summary>The paper's count of training windows, cut at its step of 40 from the built-in fleet.</summary>
    private static WindowArrays PaperSizedWindows()
    {
        var fleet = SyntheticFleet.Generate(SyntheticFleetOptions.Default);
        var histories = new double[Windows * Length];
        var targets = new double[Windows * Horizon];
        int count = 0;
        // Step 40 through every cell; should the fleet give fewer windows, go round again from a shifted start.
        for (int pass = 0; count < Windows && pass < Stride; pass++)
            foreach (var series in fleet)
                for (int start = pass * 7 % Stride; start + Length + Horizon <= series.Length && count < Windows; start += Stride)
                {
                    series.Values.AsSpan(start, Length).CopyTo(histories.AsSpan(count * Length));
                    series.Values.AsSpan(start + Length, Horizon).CopyTo(targets.AsSpan(count * Horizon));
                    count++;
                }
        if (count < Windows) throw new InvalidOperationException($"the built-in fleet gives only {count} windows");
        return new WindowArrays(histories, targets, Windows, Length, Horizon);
    }
}
