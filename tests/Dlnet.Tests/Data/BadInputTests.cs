using Dlnet.Cli.Common;

namespace Dlnet.Tests.Data;

/// <summary>
/// Every kind of unusable input gives one error line naming the file, the line (CSV, header = line 1)
/// or row (workbook) and the problem, exit code 2, and no report file.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string JsonPath => _dir.File("out/report.json");

    /// <summary>Runs inspect on <paramref name="path"/> and checks the error says each of <paramref name="expected"/>.</summary>
    private string AssertBadInput(string path, string[] expected, params string[] extraArgs)
    {
        var r = Cli.Run(["data", "inspect", path, "--json", JsonPath, .. extraArgs]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        string message = r.Stderr.TrimEnd('\r', '\n');
        Assert.StartsWith("error: ", message);
        Assert.DoesNotContain('\n', message);
        foreach (string e in expected) Assert.Contains(e, message);
        Assert.Equal("", r.Stdout);
        Assert.False(File.Exists(JsonPath), "no report may be written for bad input");
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories));
        return message;
    }

    [Fact]
    public void MissingColumn()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle\nA,1\n");
        AssertBadInput(csv, ["cells.csv:1:", "missing column 'soh'"]);
    }

    [Fact]
    public void MissingCellColumn()
    {
        string csv = _dir.Write("cells.csv", "cycle,soh\n1,1.0\n");
        AssertBadInput(csv, ["cells.csv:1:", "missing column 'cell'"]);
    }

    [Fact]
    public void UnknownColumn()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh,temperature\nA,1,1.0,25\n");
        AssertBadInput(csv, ["cells.csv:1:", "unknown column 'temperature'", "expected cell, cycle and soh"]);
    }

    [Fact]
    public void ExtraField()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\nA,2,0.99,7\n");
        AssertBadInput(csv, ["cells.csv:3:", "4 field(s) but the header has 3"]);
    }

    [Fact]
    public void NonNumericValue()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\nA,2,0.99\nA,3,n/a\n");
        AssertBadInput(csv, ["cells.csv:4:", "soh value 'n/a' is not a number"]);
    }

    [Fact]
    public void NonNumericCycle()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\nA,two,0.99\n");
        AssertBadInput(csv, ["cells.csv:3:", "cycle 'two' is not a whole number"]);
    }

    [Fact]
    public void NaNValue()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\nA,2,NaN\n");
        AssertBadInput(csv, ["cells.csv:3:", "is NaN"]);
    }

    [Fact]
    public void InfiniteValue()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\nA,2,-Infinity\n");
        AssertBadInput(csv, ["cells.csv:3:", "'-Infinity' is infinite"]);
    }

    [Fact]
    public void DuplicateCycle()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\nA,2,0.99\nA,2,0.98\n");
        AssertBadInput(csv, ["cells.csv:4:", "duplicate cycle 2 of cell A", "line 3"]);
    }

    [Fact]
    public void DecreasingCycle()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\nA,3,0.99\nA,2,0.98\n");
        AssertBadInput(csv, ["cells.csv:4:", "cycle 2 of cell A comes after cycle 3", "must increase"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.2")]
    [InlineData("1.6")]
    [InlineData("98.5")]
    public void SohOutsideRange(string soh)
    {
        string csv = _dir.Write("cells.csv", $"cell,cycle,soh\nA,1,1.0\nB,1,{soh}\n");
        AssertBadInput(csv, ["cells.csv:3:", $"SOH {soh} is outside (0, 1.5]"]);
    }

    [Fact]
    public void CapacityWithoutNominal()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,capacity\nA,1,1.1\n");
        AssertBadInput(csv, ["cells.csv:1:", "no nominal capacity", "--nominal-capacity"]);
    }

    [Fact]
    public void CapacityWithWrongNominal()
    {
        // Capacity in mAh against a nominal in Ah: SOH of 1000 and more.
        string csv = _dir.Write("cells.csv", "cell,cycle,capacity\nA,1,1100\n");
        AssertBadInput(csv, ["cells.csv:2:", "capacity 1100 / nominal 1.1", "outside (0, 1.5]"], "--nominal-capacity", "1.1");
    }

    [Fact]
    public void EmptyFile()
    {
        string csv = _dir.Write("cells.csv", "");
        AssertBadInput(csv, ["cells.csv: ", "the file is empty"]);
    }

    [Fact]
    public void HeaderWithoutRows()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\n");
        AssertBadInput(csv, ["cells.csv: ", "no rows"]);
    }

    [Fact]
    public void CellWithNoRows()
    {
        _dir.Write("cells/A.csv", "cycle,soh\n1,1.0\n2,0.99\n");
        _dir.Write("cells/B.csv", "cycle,soh\n");
        AssertBadInput(_dir.File("cells"), ["B.csv: ", "cell B has no rows"]);
    }

    [Fact]
    public void CorruptWorkbook()
    {
        TestWorkbook.WriteColumn(_dir.File("xlsx/Bat001_SOH.xlsx"), [1.0, 0.99]);
        _dir.Write("xlsx/Bat002_SOH.xlsx", "this is not a workbook");
        AssertBadInput(_dir.Path, ["Bat002_SOH.xlsx: ", "cannot read the workbook", "valid .xlsx"]);
    }

    [Fact]
    public void TruncatedWorkbook()
    {
        string good = _dir.File("good.xlsx");
        TestWorkbook.WriteColumn(good, Enumerable.Range(0, 500).Select(i => 1.0 - i * 1e-4));
        byte[] bytes = File.ReadAllBytes(good);
        Directory.CreateDirectory(_dir.File("xlsx"));
        File.WriteAllBytes(_dir.File("xlsx/Bat001_SOH.xlsx"), bytes[..(bytes.Length / 2)]);
        File.Delete(good);
        AssertBadInput(_dir.Path, ["Bat001_SOH.xlsx: ", "cannot read the workbook"]);
    }

    [Fact]
    public void NonNumericWorkbookRow()
    {
        TestWorkbook.Write(_dir.File("Bat007_SOH.xlsx"), [(1, [1.0]), (2, [0.99]), (3, ["#DIV/0!"])]);
        AssertBadInput(_dir.Path, ["Bat007_SOH.xlsx: row 3: ", "'#DIV/0!'", "not a number"]);
    }

    [Fact]
    public void WorkbookWithHeaderRow()
    {
        TestWorkbook.Write(_dir.File("Bat007_SOH.xlsx"), [(1, ["SOH"]), (2, [1.0])]);
        AssertBadInput(_dir.Path, ["Bat007_SOH.xlsx: row 1: ", "not a number", "no header row"]);
    }

    [Fact]
    public void WorkbookOutsideRange()
    {
        TestWorkbook.Write(_dir.File("Bat007_SOH.xlsx"), [(1, [100.0]), (2, [99.0])]);
        AssertBadInput(_dir.Path, ["Bat007_SOH.xlsx: row 1: ", "outside (0, 1.5]", "divided by 100"]);
    }

    [Fact]
    public void WorkbookWithSecondColumn()
    {
        TestWorkbook.Write(_dir.File("Bat007_SOH.xlsx"), [(1, [1.0]), (2, [0.99, 2.0])]);
        AssertBadInput(_dir.Path, ["Bat007_SOH.xlsx: row 2: ", "column B", "column A only"]);
    }

    [Fact]
    public void WorkbookWithBlankRowInside()
    {
        TestWorkbook.Write(_dir.File("Bat007_SOH.xlsx"), [(1, [1.0]), (2, [0.99]), (4, [0.98])]);
        AssertBadInput(_dir.Path, ["Bat007_SOH.xlsx: row 3: ", "column A is empty but row 4 holds a value"]);
    }

    [Fact]
    public void WorkbookStartingBelowRow1()
    {
        TestWorkbook.Write(_dir.File("Bat007_SOH.xlsx"), [(2, [1.0]), (3, [0.99])]);
        AssertBadInput(_dir.Path, ["Bat007_SOH.xlsx: row 1: ", "column A is empty but row 2 holds a value"]);
    }

    [Fact]
    public void LongCsvInPerCellFolder()
    {
        _dir.Write("cells/A.csv", "cycle,soh\n1,1.0\n");
        _dir.Write("cells/fleet.csv", "cell,cycle,soh\nB,1,1.0\n");
        AssertBadInput(_dir.File("cells"), ["fleet.csv:1:", "it is a long CSV", "pass the file itself"]);
    }

    [Fact]
    public void EmptyWorkbook()
    {
        TestWorkbook.Write(_dir.File("Bat007_SOH.xlsx"), []);
        AssertBadInput(_dir.Path, ["Bat007_SOH.xlsx: ", "cell Bat007 has no rows"]);
    }

    [Fact]
    public void UnknownFileFormat()
    {
        string txt = _dir.Write("cells.txt", "cell,cycle,soh\nA,1,1.0\n");
        AssertBadInput(txt, ["cells.txt: ", "unknown format '.txt'"]);
    }

    [Fact]
    public void UnknownFolderFormat()
    {
        _dir.Write("data/readme.txt", "nothing here");
        AssertBadInput(_dir.File("data"), ["data: ", "unknown format", "cells.csv"]);
    }

    [Fact]
    public void MissingPath()
    {
        AssertBadInput(_dir.File("nowhere"), ["nowhere: ", "no such file or folder"]);
    }

    [Fact]
    public void MissingMetadataFile()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\n");
        AssertBadInput(csv, ["nometa.csv: ", "no such metadata file"], "--meta", _dir.File("nometa.csv"));
    }

    [Fact]
    public void MetadataWithoutCellColumn()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\n");
        _dir.Write("cells_meta.csv", "id,split\nA,train\n");
        AssertBadInput(csv, ["cells_meta.csv:1:", "missing column 'cell'"]);
    }

    [Fact]
    public void MetadataWithCellTwice()
    {
        string csv = _dir.Write("cells.csv", "cell,cycle,soh\nA,1,1.0\n");
        _dir.Write("cells_meta.csv", "cell,split\nA,train\nA,test1\n");
        AssertBadInput(csv, ["cells_meta.csv:3:", "cell A appears twice", "line 2"]);
    }
}
