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
[Collection(ReaderFuzzingCollection.Name)]
public sealed class ParquetReaderFuzzTests : IDisposable
{

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
    private Gen<byte[]> Mutations() => ReaderFuzzing.Mutations(_valid, ParquetByte, maxLength: 16, maxEdits: 6);

    [Fact]
    public void TheValidFileLoads()
    {
        var fleet = Load(_valid);
        Assert.Equal(2, fleet.Cells);
        Assert.Equal(3, fleet.Splits.Single(s => s.Split == "test1").Cycles);
    }

    /// <summary>A mutation the fuzzing found: 1,221 bytes whose Snappy page declares 134 MB, which the decoder allocated.</summary>
    private const string SnappyPageDeclaringMegabytes =
        "UEFSMRUAFTQVOCwVCBUAFQYVBhwYAUIYAUEWACgBQhgBQQAAABpkAgAAAAgBAQAAAEEBAAAAQQEAAABBAQAAAEIVABUgFSQsFQgVABUGFQYcGAQDAAAAGAQB" +
        "AAAAFgAoBAMAAAAYBAEAAAAAAAAQPAEAAAACAAAAAwAAAAEAAAAVABVAFUAsFQgVABUGFQYcGAgAAAAAAADwPxgICtejcD0K7z8WACgIAAAAAAAA8D8YCArX" +
        "o3A9Cu8/AAAAzvfvP1YOLbKd7+8/CtejcD0K7z8VABVUFTIsFQgVABUGFQYcGAV0cmFpbhgFdGVzdDEWACgFdHJhaW4YBXRlc3QxAAAAKjgCAAAACAEFAAAA" +
        "dHJhaW5aCQAMZXN0MRUAFSAVJCwVBBUAFQYVBhwYAUIYAUIWACgBQhgBQgAAABA8AgAAAAQBAQAAAEIBAAAAQhUAFRAVFCwVBBUAFQYVBhwYBAQAAAAYBAIA" +
        "AAAWACgEBAAAABgEAgAAAAAAAAgcAgAAAAQAAAAVABUgFSQsFQQVABUGFQYcGAg1XrpJDALvPxgIuB6F61G47j8WACgINV66SQwC7z8YCLgehetRuO4/AAAA" +
        "EDw1XrpJDALvP7gehetRuO4/FQAVMBU0LBUEFQAVBhUGHBgFdGVzdDEYBXRlc3QxFgAoBXRlc3QxGAV0ZXN0MQAAABhcAgAAAAQBBQAAAHRlc3QxBQAAAHRl" +
        "c3QxFQIZXEgEcm9vdBUIABUMJQIYBGNlbGwlAEwcAAAAFQIlABgFY3ljbGUlIkysEyARAAAAFQolABgDc29oABUMJQIYBXNwbGl0JQBMHAAAABYMGSwZTCYI" +
        "HBUMGSUABhkYBGNlbGwVAhYIFnYWeiYIPBgBQhgBQRYAKAFCGAFBAAAAJoIBHBUCGSUABhkYBWN5Y2xlFQIWCBZ6Fn4mggE8GAQDAAAAGAQBAAAAFgAoBAMA" +
        "AAAYBAEAAAAAAAAmgAIcFQoZJQAGGRgDc29oFQIWCBa6ARa6ASaAAjwYCAAAAAAAAPA/GAgK16NwPQrvPxYAKAgAAAAAAADwPxgICtejcD0K7z8AAAAmugMc" +
        "FQwZJQAGGRgFc3BsaXQVAhYIFrYBFpQBJroDPBgFdHJhaW4YBXRlc3QxFgAoBXRyYWluGAV0ZXN0MQAAABbgBBYINsYEABlMJs4EHBUMGSUABhkYBGNlbGwV" +
        "AhYEFmIWZibOBDwYAUIYAUIWACgBQhgBQgAAACa0BRwVAhklAAYZGAVjeWNsZRUCFgQWahZuJrQFPBgEBAAAABgEAgAAABYAKAQEAAAAGAQCAAAAAAAAJqIG" +
        "HBUKGSUABhkYA3NvaBUCFgQWmgEWngEmogY8GAg1XrpJDALvPxgIuB6F61G47j8WACgINV66SQwC7z8YCLgehetRuO4/AAAAJsAHHBUMGSUABhkYBXNwbGl0" +
        "FQIWBBaSARaWASbABzwYBXRlc3QxGAV0ZXN0MRYAKAV0ZXN0MRgFdGVzdDEAAAAW+AMWBDaIBAAoSlBhcnF1ZXQuTmV0IHZlcnNpb24gNi4xLjAgKGJ1aWxk" +
        "IGMxNzlkOTdiZDI1NDliNWY0NGE5MjQxZTcyOWY4NjlkNDk0N2VlNTkpAJ4CAABQQVIx";

    [Fact]
    public void APageDeclaringMoreThanItsBytesCanHoldIsRefusedBeforeItIsDecoded()
    {
        var content = Convert.FromBase64String(SnappyPageDeclaringMegabytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => Load(content));
        Assert.Contains("Snappy page", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
    }

    [Fact]
    public void AFooterTheLibraryWouldReadPastItsEndIsRefused()
    {
        // 35 bytes the fuzzing found: a list of booleans in a field the library does not know, which it skipped as
        // taking no bytes, so it walked off the footer's end and read 0xFF forever.
        var e = Assert.Throws<DataFormatException>(() => Load(Convert.FromBase64String("UEFSMXkBASUZ4kwVGFxj2qIcDwFKqhyr04AAFwAAAFBBUjE=")));
        Assert.Contains("the footer is not valid Parquet metadata", e.Message);
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

    // The decoder's buffers and a few copies of the file: far below what a declared size of megabytes takes.
    private void Fuzz(Gen<byte[]> files) => ReaderFuzzing.Run(files, content => Load(content), 4 << 20);
}
