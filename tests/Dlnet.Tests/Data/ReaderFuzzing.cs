using System.Collections.Concurrent;
using System.Diagnostics;
using CsCheck;
using Dlnet.IO;

namespace Dlnet.Tests.Data;

/// <summary>
/// The fuzzed readers run alone, after the parallel tests: each read has a second of wall time, which a read competing
/// with the rest of the suite for two cores can lose without being slow.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReaderFuzzingCollection
{
    public const string Name = "reader fuzzing";
}

/// <summary>What every fuzzed reader must do with any file: load it or refuse it in one line, quickly, within a memory bound.</summary>
internal static class ReaderFuzzing
{
    /// <summary>
    /// Seconds each fuzz test samples for: as many files as fit (about a thousand on a busy machine); 3, or
    /// <c>DLNET_FUZZ_SECONDS</c> for a longer search.
    /// </summary>
    public static int Seconds { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("DLNET_FUZZ_SECONDS"), out int seconds) && seconds > 0 ? seconds : 3;

    /// <summary>
    /// <paramref name="valid"/> changed in 1 to <paramref name="maxEdits"/> places: bytes replaced by <paramref name="bytes"/>,
    /// inserted or cut (up to <paramref name="maxLength"/>), a stretch repeated, the end cut off.
    /// </summary>
    public static Gen<byte[]> Mutations(byte[] valid, Gen<byte> bytes, int maxLength, int maxEdits) =>
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1 << 20], Gen.Int[1, maxLength], bytes).Array[1, maxEdits].Select(edits =>
        {
            var file = new List<byte>(valid);
            foreach (var (kind, where, length, value) in edits)
            {
                int at = file.Count == 0 ? 0 : where % file.Count;
                switch (kind)
                {
                    case 0 when file.Count > 0: file[at] = value; break;
                    case 1: file.Insert(at, value); break;
                    case 2: file.RemoveRange(at, Math.Min(length, file.Count - at)); break;
                    case 3: file.InsertRange(at, file.Skip(at).Take(length).ToArray()); break;
                    case 4: file.RemoveRange(at, file.Count - at); break;
                }
            }
            return file.ToArray();
        });

    /// <summary>
    /// Reads files from <paramref name="files"/> for <see cref="Seconds"/> seconds; a read may only load or raise a
    /// <see cref="DataFormatException"/>, within a second (on the first or a second try) and within <paramref name="fixedBytes"/> plus 400 bytes a byte
    /// of the file allocated. The whole run must end within a minute of its sampling time, so that a read that never
    /// returns fails the test rather than stalling it, naming the files still being read.
    /// </summary>
    public static void Run(Gen<byte[]> files, Action<byte[]> load, long fixedBytes)
    {
        int reads = 0;
        var reading = new ConcurrentDictionary<int, byte[]>();
        var run = Task.Run(() => files.Sample(content =>
        {
            Interlocked.Increment(ref reads);
            reading[Environment.CurrentManagedThreadId] = content;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                load(content);
            }
            catch (DataFormatException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (clock.Elapsed >= TimeSpan.FromSeconds(1))
            {
                // A first pass through a decoder path compiles it, and a busy machine can stall a thread: a slow read
                // fails only if reading the same bytes again is slow too.
                clock.Restart();
                try { load(content); } catch (DataFormatException) { }
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"a {content.Length}-byte file took {clock.Elapsed.TotalMilliseconds:F0} ms, twice");
            }
            long bound = fixedBytes + 400L * content.Length;
            Assert.True(allocated < bound, $"a {content.Length}-byte file allocated {allocated} bytes (bound {bound})");
        }, time: Seconds, print: content => Convert.ToBase64String(content)));
        if (!run.Wait(TimeSpan.FromSeconds(Seconds + 60)))
            Assert.Fail("the fuzzed reads did not finish within a minute of their time; the files last taken up, in Base64: " +
                string.Join(", ", reading.Values.Select(Convert.ToBase64String)));
        run.GetAwaiter().GetResult();
        Assert.True(reads >= 100, $"only {reads} files were read");
    }
}
