using System.Globalization;
using System.Text.Json;
using Dlnet.Cli.Common;

namespace Dlnet.Tests.Baselines;

public sealed class BaselineCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dlnet-baseline-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var r = Cli.Run(["baseline", .. args]);
        return (r.ExitCode, r.Stdout, r.Stderr);
    }

    /// <summary>Six straight-line cells of 400 steps in cells.csv, tagged train/test1 in cells_meta.csv.</summary>
    private string WriteFleet()
    {
        using (var csv = new StreamWriter(Path.Combine(_folder, "cells.csv")))
        {
            csv.WriteLine("cell,cycle,soh");
            for (int c = 0; c < 6; c++)
                for (int t = 0; t < 400; t++)
                    csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"C{c},{t + 1},{1.0 - 0.0002 * (c + 1) * t}"));
        }
        File.WriteAllLines(Path.Combine(_folder, "cells_meta.csv"), ["cell,split", .. Enumerable.Range(0, 6).Select(c => $"C{c},{(c < 4 ? "train" : "test1")}")]);
        return _folder;
    }

    [Fact]
    public void PrintsATableAndWritesTheJson()
    {
        string data = WriteFleet();
        string json = Path.Combine(_folder, "out", "baseline.json");
        var (code, output, error) = Run("--data", data, "--json", json, "--baselines", "last,linear20");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("linear20", output);
        Assert.Contains("test1", output);
        Assert.Contains("best classical: linear20 (* above), the lowest MAE on the validation split (21 windows of 1 series)", output);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("cells", doc.RootElement.GetProperty("protocol").GetString());
        var rows = doc.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(["last/validation", "last/test1", "linear20/validation", "linear20/test1"],
            rows.Select(r => $"{r.GetProperty("predictor").GetString()}/{r.GetProperty("split").GetString()}"));
        // Two test cells, starts 0, 10, ..., 200: 21 windows each. A line is exact on straight lines.
        Assert.Equal(42, rows[3].GetProperty("windows").GetInt32());
        Assert.True(rows[3].GetProperty("mae").GetDouble() < 1e-12);
        Assert.True(rows[1].GetProperty("mae").GetDouble() > 0.01);
        var best = doc.RootElement.GetProperty("best_classical");
        Assert.Equal(("linear20", "validation"), (best.GetProperty("name").GetString(), best.GetProperty("chosen_on").GetString()));
    }

    [Fact]
    public void StrideAndProtocolReachTheSplits()
    {
        string data = WriteFleet();
        string json = Path.Combine(_folder, "paper.json");
        var (code, _, error) = Run("--data", data, "--protocol", "paper", "--stride", "50", "--json", json, "--baselines", "last");
        Assert.True(code == ExitCodes.Success, error);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("paper", doc.RootElement.GetProperty("protocol").GetString());
        var row = doc.RootElement.GetProperty("results")[1];
        Assert.Equal("test", row.GetProperty("split").GetString());
        // Five windows per cell at step 50, one of them (20%) tested, six cells.
        Assert.Equal(6, row.GetProperty("windows").GetInt32());
    }

    [Theory]
    [InlineData("--baselines", "spline7")]
    [InlineData("--stride", "0")]
    [InlineData("--protocol", "random")]
    public void BadOptionsAreUsageErrorsAndWriteNothing(string option, string value)
    {
        string data = WriteFleet();
        string json = Path.Combine(_folder, "none.json");
        var (code, _, error) = Run("--data", data, "--json", json, option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("error:", error);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void TheDefaultIsTheWholeFamilyWithTheChosenOneMarked()
    {
        string data = WriteFleet();
        var (code, output, error) = Run("--data", data);
        Assert.True(code == ExitCodes.Success, error);
        string[] lines = output.Split('\n');
        foreach (string name in Dlnet.Baselines.BaselineFactory.Family)
            Assert.Single(lines, l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal));
        // Straight lines: every line and quadratic is exact on validation; the tie goes to the first listed.
        Assert.Single(lines, l => l.TrimEnd().EndsWith('*'));
        Assert.EndsWith("*", lines.Single(l => l.TrimStart().StartsWith("linear20 ", StringComparison.Ordinal)).TrimEnd());
    }

    [Fact]
    public void MissingDataIsABadInput()
    {
        var (code, _, error) = Run("--data", Path.Combine(_folder, "nowhere"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("nowhere", error);
    }
}
