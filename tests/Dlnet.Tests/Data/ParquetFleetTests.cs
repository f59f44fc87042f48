using Dlnet.Fleet;
using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Tests.Data;

/// <summary>
/// The long Parquet form: the synthetic fleet written as Parquet loads to exactly what it loads to as CSV, in one
/// row group or many; the contract of the long CSV (order, increasing cycles, SOH range) holds across row groups;
/// sizes the file declares are checked before they are spent; a split column agrees with the metadata.
/// </summary>
public sealed class ParquetFleetTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void AssertSame(SeriesSet expected, SeriesSet actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Id, actual[i].Id);
            // Bit for bit: the CSV writes round-trip text, Parquet the doubles themselves.
            Assert.Equal(expected[i].Values.Select(BitConverter.DoubleToInt64Bits), actual[i].Values.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(expected[i].Tags.OrderBy(t => t.Key), actual[i].Tags.OrderBy(t => t.Key));
        }
    }

    [Theory]
    [InlineData(LongParquetWriter.RowGroupRows)]
    [InlineData(997)]
    public void SynthToParquetLoadsAsSynthToCsv(int rowGroupRows)
    {
        var fleet = SyntheticFleet.Generate(SyntheticFleetOptions.Default with { CellCount = 12 });
        LongCsvWriter.Write(fleet, _dir.File("fleet.csv"));
        LongParquetWriter.Write(fleet, _dir.File("fleet.parquet"), rowGroupRows);

        var csv = FleetLoader.Read(_dir.File("fleet.csv"), FleetLoadOptions.Default);
        var parquet = FleetLoader.Read(_dir.File("fleet.parquet"), FleetLoadOptions.Default);
        Assert.Equal(FleetFormat.LongParquet, parquet.Format);
        Assert.Equal(_dir.File("fleet_meta.csv"), parquet.MetadataPath);
        AssertSame(csv.Series, parquet.Series);
        Assert.Equal(csv.Problems, parquet.Problems);
    }

    [Fact]
    public void SynthCommandWritesParquetThatLoads()
    {
        var result = Cli.Run("data", "synth", "--cells", "5", "--format", "parquet", "--out", _dir.File("s.parquet"));
        Assert.Equal(0, result.ExitCode);
        Assert.True(LongParquetReader.HasMagic(_dir.File("s.parquet")));
        Cli.Run("data", "synth", "--cells", "5", "--out", _dir.File("s.csv"));
        AssertSame(FleetLoader.Load(_dir.File("s.csv")), FleetLoader.Load(_dir.File("s.parquet")));
    }

    [Fact]
    public void SynthCommandRefusesAFormatItsNameContradicts()
    {
        var result = Cli.Run("data", "synth", "--format", "parquet", "--out", _dir.File("s.csv"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("name the file after its format", result.Stderr);
        Assert.False(File.Exists(_dir.File("s.csv")));
    }

    [Fact]
    public void SplitColumnTagsTheCellsWithoutMetadata()
    {
        string path = _dir.File("split.parquet");
        TestParquet.Write(path, TestParquet.Of("Cell", "A", "A", "B"), TestParquet.Of("Cycle", 1L, 2L, 1L),
            TestParquet.Of("SOH", 1.0f, 0.99f, 0.98f), TestParquet.Of("split", "train", "train", "test1"));
        var set = FleetLoader.Load(path);
        Assert.Equal("train", set["A"].Tags[TagNames.Split]);
        Assert.Equal("test1", set["B"].Tags[TagNames.Split]);
        Assert.Equal((double)0.99f, set["A"].Values[1]);
    }

    [Fact]
    public void SplitColumnAndMetadataMustAgree()
    {
        string path = _dir.File("split.parquet");
        TestParquet.Write(path, TestParquet.Of("cell", "A", "B"), TestParquet.Of("cycle", 1, 1), TestParquet.Of("soh", 1.0, 0.9), TestParquet.Of("split", "train", "test1"));
        _dir.Write("split_meta.csv", "cell,batch,split\nA,b1,train\nB,b2,train\n");
        var e = Assert.Throws<DataFormatException>(() => FleetLoader.Load(path));
        Assert.Contains("split_meta.csv", e.Message);
        Assert.Contains("cell B has split 'train' here but 'test1' in the data file", e.Message);

        _dir.Write("split_meta.csv", "cell,batch\nA,b1\nB,b2\n");
        var set = FleetLoader.Load(path);
        Assert.Equal(("b2", "test1"), (set["B"].Tags["batch"], set["B"].Tags[TagNames.Split]));
    }

    [Fact]
    public void ErrorsNameTheRowGroupAndTheRowAcrossGroups()
    {
        string path = _dir.File("dup.parquet");
        TestParquet.Write(path, 3, TestParquet.Of("cell", "A", "A", "A", "A"), TestParquet.Of("cycle", 1, 2, 3, 3), TestParquet.Of("soh", 1.0, 0.99, 0.98, 0.97));
        var e = Assert.Throws<DataFormatException>(() => FleetLoader.Load(path));
        Assert.Equal($"{path}: row group 2 of 2, row 4: duplicate cycle 3 of cell A (already on row 3): keep one row per cycle", e.Message);
    }

    [Fact]
    public void RowGroupsLargerThanTheLimitAreRefusedBeforeTheyAreRead()
    {
        string path = _dir.File("groups.parquet");
        TestParquet.WriteValid(path, rowGroupRows: 4);
        Assert.Equal(2, LongParquetReader.Read(path, FleetLoadOptions.Default, [], maxRowGroupRows: 4).Count);
        var e = Assert.Throws<DataFormatException>(() => LongParquetReader.Read(path, FleetLoadOptions.Default, [], maxRowGroupRows: 3));
        Assert.Contains("row group 1 of 2 declares 4 rows; a row group may hold at most 3", e.Message);
    }

    [Fact]
    public void AParquetFileUnderAnotherNameIsToldByItsMagic()
    {
        string path = _dir.File("fleet.dat");
        TestParquet.WriteValid(path);
        var fleet = FleetLoader.Read(path, FleetLoadOptions.Default);
        Assert.Equal(FleetFormat.LongParquet, fleet.Format);
        Assert.Equal(["A", "B"], fleet.Series.Select(s => s.Id));
    }

    [Fact]
    public void AFolderWithCellsParquetLoadsIt()
    {
        TestParquet.WriteValid(_dir.File(FleetLoader.FolderParquet));
        _dir.Write(MetadataReader.FolderDefault, "cell,split\nA,train\nB,test1\n");
        var fleet = FleetLoader.Read(_dir.Path, FleetLoadOptions.Default);
        Assert.Equal(FleetFormat.LongParquet, fleet.Format);
        Assert.Equal("test1", fleet.Series["B"].Tags[TagNames.Split]);
    }

    [Fact]
    public void CapacityIsDividedByTheNominalCapacity()
    {
        string path = _dir.File("capacity.parquet");
        TestParquet.Write(path, TestParquet.Of("cell", "A", "A"), TestParquet.Of("cycle", 1, 2), TestParquet.Of("capacity", 1.1, 1.0));
        var e = Assert.Throws<DataFormatException>(() => FleetLoader.Load(path));
        Assert.Equal($"{path}: gives 'capacity' but no nominal capacity is set: give the cells' nominal capacity (--nominal-capacity, in the same unit) so that SOH = capacity / nominal", e.Message);
        var set = FleetLoader.Load(path, new FleetLoadOptions { NominalCapacity = 1.1 });
        Assert.Equal([1.0, 1.0 / 1.1], set["A"].Values);
    }
}
