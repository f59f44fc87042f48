using System.Text;
using CsCheck;
using Dlnet.Fleet;
using Dlnet.IO;

namespace Dlnet.Tests.Data;

/// <summary>
/// Random bytes and random mutations of valid files, fed to the CSV readers (long CSV, per-cell CSV, metadata):
/// each file either loads or raises <see cref="DataFormatException"/> (exit 2), never anything else; no file
/// takes long; and what a read allocates stays within a bound set by the file's size.
/// </summary>
[Collection(ReaderFuzzingCollection.Name)]
public sealed class CsvReaderFuzzTests : IDisposable
{

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string LongCsv = "cell,cycle,soh\nA,1,1.0\nA,2,0.999\nA,3,0.998\nB,1,0.97\nB,2,0.969\nB,4,0.96\n";
    private const string CellCsv = "cycle,soh\n1,1.0\n2,0.999\n3,0.998\n5,0.99\n";
    private const string MetaCsv = "cell,batch,split\nA,2017-05-12,train\nB,2018-04-12,test1\n";

    /// <summary>Bytes that steer a CSV parser into its corners: separators, quotes, line ends, signs, exponents, invalid UTF-8.</summary>
    private static readonly Gen<byte> CsvByte = Gen.OneOf(
        Gen.Byte,
        Gen.OneOf(",;\t|\"\r\n .-+eE0123456789NaInfty%".Select(c => (byte)c).ToArray()),
        Gen.OneOf<byte>(0x00, 0xC3, 0xA9, 0xFF, 0xEF, 0xBB, 0xBF));

    private static readonly Gen<byte[]> RandomBytes = CsvByte.Array[0, 600];

    /// <summary>A valid file changed in one to eight places: bytes replaced, inserted or cut, a line repeated, the end cut off.</summary>
    private static Gen<byte[]> Mutations(string valid) => ReaderFuzzing.Mutations(Encoding.UTF8.GetBytes(valid), CsvByte, maxLength: 40, maxEdits: 8);

    [Fact]
    public void LongCsvRandomBytes() => Fuzz(RandomBytes, LoadLongCsv);

    [Fact]
    public void LongCsvMutations() => Fuzz(Mutations(LongCsv), LoadLongCsv);

    [Fact]
    public void PerCellCsvRandomBytes() => Fuzz(RandomBytes, LoadCellFolder);

    [Fact]
    public void PerCellCsvMutations() => Fuzz(Mutations(CellCsv), LoadCellFolder);

    [Fact]
    public void MetadataRandomBytes() => Fuzz(RandomBytes, LoadWithMetadata);

    [Fact]
    public void MetadataMutations() => Fuzz(Mutations(MetaCsv), LoadWithMetadata);

    [Fact]
    public void TheValidFilesLoad()
    {
        Assert.Equal(2, LoadLongCsv(Encoding.UTF8.GetBytes(LongCsv)).Cells);
        Assert.Equal(1, LoadCellFolder(Encoding.UTF8.GetBytes(CellCsv)).Cells);
        Assert.Equal("train", LoadWithMetadata(Encoding.UTF8.GetBytes(MetaCsv)).Splits[0].Split);
    }

    private FleetInspection LoadLongCsv(byte[] content)
    {
        string path = Path.Combine(NewFolder("long"), "cells.csv");
        File.WriteAllBytes(path, content);
        var fleet = FleetLoader.Read(path, FleetLoadOptions.Default);
        // What predict reads after the loader accepted the file.
        LongCsvCycles.Last(path);
        return FleetInspection.Of(fleet);
    }

    private FleetInspection LoadCellFolder(byte[] content)
    {
        string folder = NewFolder("cell");
        File.WriteAllBytes(Path.Combine(folder, "A.csv"), content);
        return FleetInspection.Of(FleetLoader.Read(folder, FleetLoadOptions.Default));
    }

    private FleetInspection LoadWithMetadata(byte[] content)
    {
        string folder = NewFolder("meta");
        File.WriteAllText(Path.Combine(folder, FleetLoader.FolderCsv), LongCsv);
        File.WriteAllBytes(Path.Combine(folder, MetadataReader.FolderDefault), content);
        return FleetInspection.Of(FleetLoader.Read(folder, FleetLoadOptions.Default));
    }

    // One folder per form and sampling thread, whose files each sample overwrites.
    private string NewFolder(string form) => Directory.CreateDirectory(_dir.File($"{form}-{Environment.CurrentManagedThreadId}")).FullName;

    // The parser's buffers, the file's text and a few copies of it: far below what a runaway read takes.
    private static void Fuzz(Gen<byte[]> files, Func<byte[], FleetInspection> load) => ReaderFuzzing.Run(files, content => load(content), 2 << 20);
}
