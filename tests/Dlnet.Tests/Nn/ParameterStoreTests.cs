using Dlnet.Nn;

namespace Dlnet.Tests.Nn;

/// <summary>The store knows its size before it takes memory, refuses sizes no array holds, and gives every thread one array.</summary>
public sealed class ParameterStoreTests
{
    [Fact]
    public void CountIsKnownBeforeTheValuesTakeMemory()
    {
        var store = new ParameterStore<float>();
        long before = GC.GetAllocatedBytesForCurrentThread();
        store.Add("w", 4096, 4096);
        store.Add("b", 4096);
        Assert.Equal(4096 * 4097, store.Count);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 << 10);
        Assert.Equal(store.Count, store.Values.Length);
        Assert.Equal(4096 * 4096, store.Find("b").Offset);
    }

    [Fact]
    public void ATensorPastWhatAnArrayHoldsIsRefused()
    {
        var store = new ParameterStore<float>();
        store.Add("w", 1000);
        var e = Assert.Throws<ArgumentException>(() => store.Add("huge", 100_000, 100_000));
        Assert.Contains("'huge'", e.Message);
        Assert.Throws<ArgumentException>(() => store.Add("wraps", 65536, 65536, 65536));
        Assert.Equal(1000, store.Count);
    }

    [Fact]
    public void TensorsAddedAfterFirstUseKeepTheValuesBefore()
    {
        var store = new ParameterStore<float>();
        var a = store.Add("a", 3);
        store[a].Fill(2f);
        var b = store.Add("b", 2);
        Assert.Equal([2f, 2f, 2f, 0f, 0f], store.Array);
        Assert.Equal(2, store[b].Length);
    }

    [Fact]
    public void ThreadsTouchingAFreshStoreShareOneArray()
    {
        for (int round = 0; round < 20; round++)
        {
            var store = new ParameterStore<float>();
            store.Add("w", 256, 256);
            var seen = new float[8][];
            Parallel.For(0, seen.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => seen[i] = store.Array);
            Assert.All(seen, s => Assert.Same(seen[0], s));
        }
    }
}
