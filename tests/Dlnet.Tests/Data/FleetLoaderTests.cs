using Dlnet.Fleet;
using Dlnet.Series;

namespace Dlnet.Tests.Data;

/// <summary>Each supported form loads into the same <see cref="SeriesSet"/>; odd but usable input becomes problems.</summary>
public sealed class FleetLoaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LongCsvColumnsInAnyOrderAndCase()
    {
        string csv = _dir.Write("fleet.csv", "SOH, Cycle ,CELL\n1.0,1,A\n0.9,1,B\n0.99,2,A\n0.98,3,A\n0.8,2,B\n");
        var fleet = FleetLoader.Load(csv);
        Assert.Equal(["A", "B"], fleet.Select(s => s.Id));
        Assert.Equal([1.0, 0.99, 0.98], fleet["A"].Values);
        Assert.Equal([0.9, 0.8], fleet["B"].Values);
        Assert.Empty(fleet["A"].Tags);
    }

    [Fact]
    public void SemicolonSeparatedAndQuoted()
    {
        string csv = _dir.Write("fleet.csv", "cell;cycle;soh\n\"A\";1;1.0\n\"A\";2;0.5\n");
        Assert.Equal([1.0, 0.5], FleetLoader.Load(csv)["A"].Values);
    }

    [Fact]
    public void CapacityWithNominalBecomesSoh()
    {
        string csv = _dir.Write("fleet.csv", "cell,cycle,capacity\nA,1,1.1\nA,2,1.045\nA,3,0.88\n");
        var fleet = FleetLoader.Load(csv, new FleetLoadOptions { NominalCapacity = 1.1 });
        Assert.Equal([1.1 / 1.1, 1.045 / 1.1, 0.88 / 1.1], fleet["A"].Values);
    }

    [Fact]
    public void NominalForSohDataIsNotedAsIgnored()
    {
        string csv = _dir.Write("fleet.csv", "cell,cycle,soh\nA,1,1.0\n");
        var result = FleetLoader.Read(csv, new FleetLoadOptions { NominalCapacity = 1.1 });
        Assert.Equal([1.0], result.Series["A"].Values);
        var p = Assert.Single(result.Problems);
        Assert.Equal(DataProblemKind.Ignored, p.Kind);
    }

    [Fact]
    public void CycleGapsAreKeptAndReported()
    {
        string csv = _dir.Write("fleet.csv", "cell,cycle,soh\nA,1,1.0\nA,2,0.99\nA,5,0.97\nA,6,0.96\nA,8,0.95\nB,1,1.0\n");
        var result = FleetLoader.Read(csv, FleetLoadOptions.Default);
        Assert.Equal([1.0, 0.99, 0.97, 0.96, 0.95], result.Series["A"].Values);
        var gap = Assert.Single(result.Problems);
        Assert.Equal(DataProblemKind.CycleGap, gap.Kind);
        Assert.Equal("A", gap.Cell);
        Assert.Contains("3 cycle number(s) missing in 2 gap(s), first after cycle 2 (next is 5)", gap.Message);
    }

    [Fact]
    public void MetadataBesideCsvIsAttachedAsLowerCaseTags()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\nB,1,0.9\n");
        _dir.Write("cells_meta.csv", "Cell,Split,Batch\nB,test1,2017-06-30\nA,train,2017-05-12\n");
        var result = FleetLoader.Read(csv, FleetLoadOptions.Default);
        Assert.Equal(_dir.File("cells_meta.csv"), result.MetadataPath);
        Assert.Empty(result.Problems);
        Assert.Equal("train", result.Series["A"].Split);
        Assert.Equal("2017-05-12", result.Series["A"].Tags["batch"]);
        Assert.Equal("test1", result.Series["B"].Split);
        Assert.Equal(["train", "test1"], result.Series.Splits);
    }

    [Fact]
    public void MetadataFileIsNamedAfterTheCsv()
    {
        string csv = _dir.Write("fleet.csv", "cell,cycle,soh\nA,1,1.0\n");
        _dir.Write("cells_meta.csv", "cell,split\nA,wrong\n");
        _dir.Write("fleet_meta.csv", "cell,split\nA,train\n");
        Assert.Equal("train", FleetLoader.Load(csv)["A"].Split);
    }

    [Fact]
    public void ExplicitMetadataPathWins()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\n");
        _dir.Write("cells_meta.csv", "cell,split\nA,wrong\n");
        string meta = _dir.Write("other/split.csv", "cell,split\nA,test2\n");
        Assert.Equal("test2", FleetLoader.Load(csv, new FleetLoadOptions { MetadataPath = meta })["A"].Split);
    }

    [Fact]
    public void MetadataMismatchesAreProblemsNotErrors()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\nB,1,0.9\n");
        _dir.Write("cells_meta.csv", "cell,split\nA,train\nZ,test1\n");
        var result = FleetLoader.Read(csv, FleetLoadOptions.Default);
        Assert.Equal(["A", "B"], result.Series.Select(s => s.Id));
        Assert.Null(result.Series["B"].Split);
        Assert.All(result.Problems, p => Assert.Equal(DataProblemKind.MetadataMismatch, p.Kind));
        Assert.Equal(["B", "Z"], result.Problems.Select(p => p.Cell));
    }

    [Fact]
    public void PerCellCsvFolder()
    {
        _dir.Write("cells/cellB.csv", "cycle,soh\n1,1.0\n2,0.99\n");
        _dir.Write("cells/cellA.csv", "soh\n0.98\n0.97\n0.96\n");
        _dir.Write("cells/cellC.csv", "Capacity,Cycle\n2.0,10\n1.9,11\n");
        _dir.Write("cells/cells_meta.csv", "cell,split\ncellA,train\ncellB,test1\ncellC,test2\n");
        var result = FleetLoader.Read(_dir.File("cells"), new FleetLoadOptions { NominalCapacity = 2.0 });
        Assert.Equal(FleetFormat.CellCsvFolder, result.Format);
        Assert.Equal(["cellA", "cellB", "cellC"], result.Series.Select(s => s.Id));
        Assert.Equal([0.98, 0.97, 0.96], result.Series["cellA"].Values);
        Assert.Equal([1.0, 0.99], result.Series["cellB"].Values);
        Assert.Equal([1.0, 0.95], result.Series["cellC"].Values);
        Assert.Equal(["train", "test1", "test2"], result.Series.Select(s => s.Split));
    }

    [Fact]
    public void WorkbookFolderInXlsxSubfolderWithMetadata()
    {
        TestWorkbook.WriteColumn(_dir.File("xlsx/Bat002_SOH.xlsx"), [1.0, 0.995, 0.99]);
        TestWorkbook.WriteColumn(_dir.File("xlsx/Bat001_SOH.xlsx"), [1.001, 0.999]);
        TestWorkbook.Write(_dir.File("xlsx/Bat003_SOH.xlsx"), [(1, [1.0]), (2, ["0.98"]), (3, [null]), (4, [null])]);
        _dir.Write("cells_meta.csv", "cell,split\nBat001,train\nBat002,test1\nBat003,test2\n");
        var result = FleetLoader.Read(_dir.Path, FleetLoadOptions.Default);
        Assert.Equal(FleetFormat.WorkbookFolder, result.Format);
        Assert.Equal(["Bat001", "Bat002", "Bat003"], result.Series.Select(s => s.Id));
        Assert.Equal([1.001, 0.999], result.Series["Bat001"].Values);
        Assert.Equal([1.0, 0.995, 0.99], result.Series["Bat002"].Values);
        Assert.Equal([1.0, 0.98], result.Series["Bat003"].Values);
        Assert.Equal("test1", result.Series["Bat002"].Split);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void SingleWorkbook()
    {
        string path = _dir.File("Bat042_SOH.xlsx");
        TestWorkbook.WriteColumn(path, [1.0, 0.9]);
        var fleet = FleetLoader.Load(path);
        Assert.Equal("Bat042", Assert.Single(fleet).Id);
    }

    [Fact]
    public void FolderWithCellsCsvPrefersIt()
    {
        _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\n");
        TestWorkbook.WriteColumn(_dir.File("xlsx/Bat001_SOH.xlsx"), [1.0]);
        var result = FleetLoader.Read(_dir.Path, FleetLoadOptions.Default);
        Assert.Equal(FleetFormat.LongCsv, result.Format);
        Assert.Equal("A", Assert.Single(result.Series).Id);
    }
}
