using System.Runtime.InteropServices;

namespace Dlnet.Bench;

/// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID, nanosecond resolution): on a
/// shared machine it counts the work done, not the time spent waiting for a core.</summary>
internal static partial class ThreadClock
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double NowMilliseconds()
    {
        ClockGetTime(ClockThreadCpuTime, out var t);
        return t.Seconds * 1e3 + t.Nanoseconds * 1e-6;
    }
}
