using System.Text.Json;
using Dlnet.Cli.Common;
using Dlnet.Fleet;

namespace Dlnet.Tests.Data;

/// <summary>What a fresh machine runs: the built-in synthetic fleet, written, inspected and scored.</summary>
public sealed class BuiltInDataTests
{
    [Fact]
    public void InspectReportsTheSynthesisedFleet()
    {
        using var temp = new TempFolder();
        string csv = temp.File("fleet.csv");
        Assert.Equal(ExitCodes.Success, Cli.Run("data", "synth", "--cells", "20", "--seed", "3", "--out", csv).ExitCode);

        string json = temp.File("inspect.json");
        var inspect = Cli.Run("data", "inspect", csv, "--json", json);
        Assert.Equal(ExitCodes.Success, inspect.ExitCode);

        var (train, test1, test2) = SyntheticFleet.SplitCounts(SyntheticFleetOptions.Default with { CellCount = 20 });
        Assert.Equal(20, train + test1 + test2);
        Assert.True(File.Exists(json));
        Assert.Contains("cells      20", inspect.Stdout);
        Assert.Contains($"train {train} cells", inspect.Stdout);
        Assert.Contains($"test1 {test1} cells", inspect.Stdout);
        Assert.Contains($"test2 {test2} cells", inspect.Stdout);
    }

    [Fact]
    public void BaselineWithoutDataScoresTheBuiltInFleet()
    {
        using var temp = new TempFolder();
        string json = temp.File("r.json");
        var run = Cli.Run("baseline", "--json", json);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("synthetic", run.Stdout, StringComparison.OrdinalIgnoreCase);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var rows = doc.RootElement.GetProperty("results").EnumerateArray().ToArray();
        string best = doc.RootElement.GetProperty("best_classical").GetProperty("name").GetString()!;
        var chosen = rows.Where(r => r.GetProperty("predictor").GetString() == best).ToArray();
        var last = rows.Where(r => r.GetProperty("predictor").GetString() == "last").ToArray();
        Assert.Equal(["validation", "test1", "test2"], chosen.Select(r => r.GetProperty("split").GetString()));
        // On knee-shaped fade, even as measured, the best extrapolation must beat holding the last value by far.
        for (int i = 0; i < chosen.Length; i++)
            Assert.True(chosen[i].GetProperty("mae").GetDouble() < last[i].GetProperty("mae").GetDouble() / 4);
    }
}
