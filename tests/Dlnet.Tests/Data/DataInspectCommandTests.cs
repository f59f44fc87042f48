using System.Globalization;
using System.Text;
using System.Text.Json;
using Dlnet.Cli.Common;

namespace Dlnet.Tests.Data;

/// <summary><c>dlnet data inspect</c> on small fleets built to show each kind of problem.</summary>
public sealed class DataInspectCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A long CSV with one row per cycle for each cell, from the given SOH values; cycles 1, 2, ...</summary>
    private string WriteFleet(string name, params (string Cell, double[] Soh)[] cells)
    {
        var csv = new StringBuilder("cell,cycle,soh\n");
        foreach (var (cell, soh) in cells)
            for (int i = 0; i < soh.Length; i++)
                csv.Append(CultureInfo.InvariantCulture, $"{cell},{i + 1},{soh[i]:R}\n");
        return _dir.Write(name, csv.ToString());
    }

    private static double[] Fade(int cycles, double from = 1.0, double to = 0.8) =>
        Enumerable.Range(0, cycles).Select(i => from + (to - from) * i / Math.Max(1, cycles - 1)).ToArray();

    [Fact]
    public void ReportsEveryKindOfProblem()
    {
        string csv = WriteFleet("cells.csv", ("A", Fade(300)), ("B", Fade(150)), ("C", Fade(400, 1.0, 0.45)));
        _dir.Write("cells_meta.csv", "cell,split\nA,train\nB,test1\nZ,test2\n");
        string json = _dir.File("report.json");
        var r = Cli.Run("data", "inspect", csv, "--json", json);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Matches(@"(?m)^cells\s+3$", r.Stdout);
        Assert.Contains("per cell min 150, median 300, max 400", r.Stdout);
        Assert.Contains("train 1 cells (300 cycles), test1 1 cells (150 cycles), no split 1 cells", r.Stdout);
        Assert.Contains("too short for one window (< 200 cycles): 1", r.Stdout);
        Assert.Contains("B: 150 cycles", r.Stdout);
        Assert.Contains("SOH outside (0.5, 1.1], dropped by windowing: 1", r.Stdout);
        // Values 1.0 - 0.55 i / 399 fall to 0.5 or below from i = 363 on: 37 of them.
        Assert.Contains("C: 37 value(s) outside (0.5, 1.1]", r.Stdout);
        Assert.Contains("metadata mismatches: 2", r.Stdout);
        Assert.Contains("C has no row in cells_meta.csv", r.Stdout);
        Assert.Contains("cells_meta.csv has a row for Z, which has no data", r.Stdout);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var kinds = doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("kind").GetString()).Order();
        Assert.Equal(["metadataMismatch", "metadataMismatch", "outsideWindowRange", "tooShort"], kinds);
        Assert.Equal(1, doc.RootElement.GetProperty("cellsWithoutSplit").GetInt32());
    }

    [Fact]
    public void ReportsCycleGaps()
    {
        _dir.Write("cells/A.csv", "cycle,soh\n1,1.0\n2,0.99\n4,0.98\n");
        var r = Cli.Run("data", "inspect", _dir.File("cells"));
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("per-cell CSV files", r.Stdout);
        Assert.Contains("gaps in cycle numbers: 1", r.Stdout);
        Assert.Contains("A: 1 cycle number(s) missing in 1 gap(s), first after cycle 2 (next is 4)", r.Stdout);
    }

    [Fact]
    public void CapacityWithNominalCapacityOption()
    {
        string csv = _dir.Write("cap.csv", "cell,cycle,capacity\nA,1,2.2\nA,2,2.09\nA,3,1.76\n");
        var r = Cli.Run("data", "inspect", csv, "--nominal-capacity", "2.2");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("SOH first  1.0000 .. 1.0000", r.Stdout);
        Assert.Contains("SOH last   0.8000 .. 0.8000", r.Stdout);
    }

    [Fact]
    public void CsvSavedWithByteOrderMarkAndCrLf()
    {
        string csv = _dir.File("excel.csv");
        File.WriteAllText(csv, "cell,cycle,soh\r\nA,1,1.0\r\nA,2,0.9\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var r = Cli.Run("data", "inspect", csv);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Matches(@"(?m)^cells\s+1\r?$", r.Stdout);
    }

    [Fact]
    public void SplitTagsThatAreNoSplitNameAreAProblem()
    {
        string csv = WriteFleet("cells.csv", ("A", Fade(250)), ("B", Fade(250)), ("C", Fade(250)), ("D", Fade(250)));
        _dir.Write("cells_meta.csv", "cell,split\nA,Training\nB,train\nC,Test-1\nD,test1\n");
        var r = Cli.Run("data", "inspect", csv);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Matches(@"(?m)^problems\s+2\r?$", r.Stdout);
        Assert.Contains("unknown split tags (the cells protocol refuses them): 2", r.Stdout);
        Assert.Contains("split 'Training' (1 cell(s), first A) is not a split name", r.Stdout);
        Assert.Contains("split 'Test-1' (1 cell(s), first C) is not a split name", r.Stdout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void NonPositiveNominalCapacityIsAUsageError(string nominal)
    {
        string csv = _dir.Write("cap.csv", "cell,cycle,capacity\nA,1,2.2\n");
        var r = Cli.Run("data", "inspect", csv, "--nominal-capacity", nominal);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.StartsWith("error: --nominal-capacity: ", r.Stderr);
    }

    [Fact]
    public void JsonReplacesAnEarlierReportWhole()
    {
        string csv = WriteFleet("cells.csv", ("A", Fade(250)));
        string json = _dir.Write("report.json", "stale");
        Assert.Equal(ExitCodes.Success, Cli.Run("data", "inspect", csv, "--json", json).ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(250, doc.RootElement.GetProperty("totalCycles").GetInt32());
        Assert.Equal([json], Directory.GetFiles(_dir.Path, "report*"));
    }
}
