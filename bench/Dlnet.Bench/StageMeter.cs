using System.Diagnostics;
using System.Globalization;

namespace Dlnet.Bench;

/// <summary>
/// Wall time, process CPU time, peak resident memory and managed allocation of consecutive parts of one
/// process's work. The peak is the kernel's high-water mark (VmHWM), reset at the start of each part by
/// writing 5 to /proc/self/clear_refs (Linux 4.0 and later), so each part's peak is its own and not the
/// largest one before it; a compacting collection first returns what earlier parts left to the system. Where the reset is refused, the peak is the process's peak so far and
/// <see cref="PeakIsPerStage"/> says so.
/// </summary>
public sealed class StageMeter
{
    private readonly List<StageMeasurement> _done = [];
    private readonly Lock _lock = new();
    private string? _name;
    private Stopwatch _clock = new();
    private TimeSpan _cpu;
    private long _allocated;

    public bool PeakIsPerStage { get; private set; } = true;

    public IReadOnlyList<StageMeasurement> Stages => _done;

    /// <summary>Ends the current part (if any) and starts <paramref name="name"/>.</summary>
    public void Begin(string name)
    {
        lock (_lock)
        {
            EndCurrent();
            // Memory the last part left behind goes back first, so that this part's peak is its own working set.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            PeakIsPerStage &= ResetPeak();
            _name = name;
            _cpu = Process.GetCurrentProcess().TotalProcessorTime;
            _allocated = GC.GetTotalAllocatedBytes(precise: false);
            _clock = Stopwatch.StartNew();
        }
    }

    public void End()
    {
        lock (_lock) EndCurrent();
    }

    private void EndCurrent()
    {
        if (_name is null) return;
        double wall = _clock.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - _allocated;
        _done.Add(new StageMeasurement(_name, wall, cpu, PeakResidentBytes(), allocated));
        _name = null;
    }

    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>VmHWM of /proc/self/status in bytes; the working-set peak the runtime reports where there is none.</summary>
    public static long PeakResidentBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}

/// <summary>One measured part of the work.</summary>
public sealed record StageMeasurement(string Stage, double WallSeconds, double CpuSeconds, long PeakResidentBytes, long AllocatedBytes);
