using System.Diagnostics;
using CsCheck;
using Dlnet.Fleet;
using Dlnet.IO;

namespace Dlnet.Tests.Data;

/// <summary>
/// Random bytes between Parquet's magic numbers, and random mutations of a valid long-form Parquet file (footer,
/// page headers, compressed pages), fed to the fleet loader: each file either loads or raises
/// <see cref="DataFormatException"/> (exit 2), never anything else; no file takes long; and what a read allocates
/// stays within a bound set by the file's size, whatever sizes the file declares.
/// </summary>
public sealed class ParquetReaderFuzzTests : IDisposable
{
    /// <summary>Seconds each fuzz test samples for.</summary>
    private const int Seconds = 3;

    private readonly TempFolder _dir = new();
    private readonly byte[] _valid;

    public ParquetReaderFuzzTests()
    {
        string path = _dir.File("valid.parquet");
        TestParquet.Write(path, 4, TestParquet.Of("cell", "A", "A", "A", "B", "B", "B"), TestParquet.Of("cycle", 1, 2, 3, 1, 2, 4),
            TestParquet.Of("soh", 1.0, 0.999, 0.998, 0.97, 0.969, 0.96), TestParquet.Of("split", "train", "train", "train", "test1", "test1", "test1"));
        _valid = File.ReadAllBytes(path);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Bytes that steer a Thrift and Parquet decoder into its corners: varint continuations, zero, sign bits, field types.</summary>
    private static readonly Gen<byte> ParquetByte = Gen.OneOf(Gen.Byte, Gen.OneOf<byte>(0x00, 0x01, 0x15, 0x16, 0x18, 0x19, 0x1C, 0x7F, 0x80, 0xFF));

    private static readonly Gen<byte[]> RandomBody = ParquetByte.Array[0, 600].Select(body => (byte[])[.. "PAR1"u8, .. body, .. BitConverter.GetBytes(body.Length), .. "PAR1"u8]);

    /// <summary>The valid file changed in one to six places: bytes replaced, inserted or cut, a run repeated, the end cut off.</summary>
    private Gen<byte[]> Mutations() =>
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1 << 20], Gen.Int[1, 16], ParquetByte).Array[1, 6].Select(edits =>
        {
            var file = new List<byte>(_valid);
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

    [Fact]
    public void TheValidFileLoads()
    {
        var fleet = Load(_valid);
        Assert.Equal(2, fleet.Cells);
        Assert.Equal(3, fleet.Splits.Single(s => s.Split == "test1").Cycles);
    }

    [Fact]
    public void RandomBodies() => Fuzz(RandomBody);

    [Fact]
    public void MutationsOfAValidFile() => Fuzz(Mutations());

    private FleetInspection Load(byte[] content)
    {
        string path = Path.Combine(Directory.CreateDirectory(_dir.File($"f-{Environment.CurrentManagedThreadId}")).FullName, "cells.parquet");
        File.WriteAllBytes(path, content);
        return FleetInspection.Of(FleetLoader.Read(path, FleetLoadOptions.Default));
    }

    private void Fuzz(Gen<byte[]> files)
    {
        int reads = 0;
        var run = Task.Run(() => files.Sample(content =>
        {
            Interlocked.Increment(ref reads);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                Load(content);
            }
            catch (DataFormatException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"a {content.Length}-byte file took {clock.Elapsed.TotalMilliseconds:F0} ms");
            // The decoder's buffers and a few copies of the file: far below what a declared size of megabytes takes.
            long bound = (4 << 20) + 400L * content.Length;
            Assert.True(allocated < bound, $"a {content.Length}-byte file allocated {allocated} bytes (bound {bound})");
        }, time: Seconds, print: content => Convert.ToBase64String(content)));
        Assert.True(run.Wait(TimeSpan.FromMinutes(1)), "the fuzzed reads did not finish within a minute");
        run.GetAwaiter().GetResult();
        Assert.True(reads >= 100, $"only {reads} files were read");
    }
}
