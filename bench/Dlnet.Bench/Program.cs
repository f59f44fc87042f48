using System.Diagnostics;
using BenchmarkDotNet.Running;
using Dlnet.Bench;

if (args is ["profile", ..])
{
    KernelProfile.Parts();
    KernelProfile.Run();
    return;
}

if (args is ["device", ..])
{
    if (args.Contains("--refit")) DeviceBenchmark.Refit(Directory.GetCurrentDirectory());
    else DeviceBenchmark.Run(Directory.GetCurrentDirectory(), args.Contains("--all"));
    return;
}

if (args is ["epoch", ..])
{
    TeacherEpoch.Run(args.Length > 1 ? args[1] : Path.Combine("bench", "results", "teacher-epoch.json"));
    return;
}

if (args is ["scaling", ..])
{
    ScalingCommand.Run(args[1..]);
    return;
}

if (args is ["quick", ..])
{
    // A fast stopwatch reading for iterating on kernels; the numbers to quote come from BenchmarkDotNet.
    var bench = new TeacherBenchmark();
    bench.Setup();
    foreach (var (name, run) in new (string, Action)[] { ("forward+backward", bench.ForwardBackward), ("forward", bench.Forward), ("two threads", bench.ForwardBackwardTwoThreads) })
    {
        for (int i = 0; i < 200; i++) run();
        double best = double.MaxValue, bestCpu = double.MaxValue;
        for (int rep = 0; rep < 40; rep++)
        {
            double cpu0 = ThreadClock.NowMilliseconds();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 20; i++) run();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds / 20);
            bestCpu = Math.Min(bestCpu, (ThreadClock.NowMilliseconds() - cpu0) / 20);
        }
        // On a shared machine wall time includes waiting for a core; CPU time (of this thread only, so not
        // meaningful for the two-thread run) is the work itself.
        Console.WriteLine($"{name}: {best:F3} ms wall, {bestCpu:F3} ms CPU per batch of 32");
    }
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
