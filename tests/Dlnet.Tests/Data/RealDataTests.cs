using Dlnet.Cli.Common;
using Dlnet.Fleet;

namespace Dlnet.Tests.Data;

/// <summary>The MIT-Stanford data in both its published forms, and what inspect says about it.</summary>
public sealed class RealDataTests
{
    [RealDataFact]
    public void WorkbooksAndCsvGiveIdenticalSeries()
    {
        string root = TestData.RequireMitStanford();
        var csv = FleetLoader.Read(root, FleetLoadOptions.Default);
        var xlsx = FleetLoader.Read(Path.Combine(root, "xlsx"), FleetLoadOptions.Default);
        Assert.Equal(FleetFormat.LongCsv, csv.Format);
        Assert.Equal(FleetFormat.WorkbookFolder, xlsx.Format);
        Assert.Equal(124, csv.Series.Count);
        Assert.Equal(csv.Series.Select(s => s.Id), xlsx.Series.Select(s => s.Id));
        // cells.csv holds the workbooks' doubles in round-trip notation, so the values match exactly.
        foreach (var cell in csv.Series)
            Assert.Equal(cell.Values, xlsx.Series[cell.Id].Values);
    }

    [RealDataFact]
    public void MetadataIsAttachedFromTheDataFolder()
    {
        string root = TestData.RequireMitStanford();
        var result = FleetLoader.Read(Path.Combine(root, "xlsx"), new FleetLoadOptions { MetadataPath = Path.Combine(root, "cells_meta.csv") });
        Assert.Empty(result.Problems);
        Assert.Equal("b1c0", result.Series["Bat001"].Tags["source_cell"]);
        Assert.Equal("test1", result.Series["Bat001"].Split);
        Assert.Equal(170, result.Series["Bat043"].Length);
    }

    [RealDataFact]
    public void InspectReportsCellsSplitsAndTheShortCell()
    {
        string root = TestData.RequireMitStanford();
        using var dir = new TempFolder();
        string json = dir.File("inspect.json");
        var r = Cli.Run("data", "inspect", root, "--json", json);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.Matches(@"(?m)^cells\s+124$", r.Stdout);
        Assert.Contains("train 41 cells", r.Stdout);
        Assert.Contains("test1 43 cells", r.Stdout);
        Assert.Contains("test2 40 cells", r.Stdout);
        Assert.Contains("per cell min 170, median 742.5, max 2235", r.Stdout);
        Assert.Contains("Bat043: 170 cycles", r.Stdout);

        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        var top = doc.RootElement;
        Assert.Equal(124, top.GetProperty("cells").GetInt32());
        Assert.Equal(100456, top.GetProperty("totalCycles").GetInt32());
        var splits = top.GetProperty("splits").EnumerateArray()
            .ToDictionary(s => s.GetProperty("split").GetString()!, s => s.GetProperty("cells").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["train"] = 41, ["test1"] = 43, ["test2"] = 40 }, splits);
        var problem = Assert.Single(top.GetProperty("problems").EnumerateArray());
        Assert.Equal("tooShort", problem.GetProperty("kind").GetString());
        Assert.Equal("Bat043", problem.GetProperty("cell").GetString());
    }
}
