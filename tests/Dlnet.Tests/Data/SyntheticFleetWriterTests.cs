using Dlnet.Fleet;
using Dlnet.Series;

namespace Dlnet.Tests.Data;

/// <summary>The synthetic fleet written by <see cref="LongCsvWriter"/>: byte-stable, and read back by <see cref="FleetLoader"/>.</summary>
public sealed class SyntheticFleetWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlnet-synth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathIn(string name) => Path.Combine(_dir, name);

    private static string? GenerateAndWrite(SyntheticFleetOptions options, string csv) =>
        LongCsvWriter.Write(SyntheticFleet.Generate(options), csv);

    [Fact]
    public void SameSeedWritesIdenticalBytes()
    {
        string? metaA = GenerateAndWrite(SyntheticFleetOptions.Default, PathIn("a.csv"));
        string? metaB = GenerateAndWrite(SyntheticFleetOptions.Default, PathIn("b.csv"));
        Assert.Equal(File.ReadAllBytes(PathIn("a.csv")), File.ReadAllBytes(PathIn("b.csv")));
        Assert.Equal(File.ReadAllBytes(metaA!), File.ReadAllBytes(metaB!));
    }

    [Fact]
    public void DifferentSeedWritesDifferentBytes()
    {
        GenerateAndWrite(SyntheticFleetOptions.Default, PathIn("a.csv"));
        GenerateAndWrite(SyntheticFleetOptions.Default with { Seed = 2 }, PathIn("b.csv"));
        Assert.NotEqual(File.ReadAllBytes(PathIn("a.csv")), File.ReadAllBytes(PathIn("b.csv")));
    }

    [Fact]
    public void WritesLongCsvWithOneBasedCyclesAndMetaBesideIt()
    {
        string? meta = GenerateAndWrite(SyntheticFleetOptions.Default with { CellCount = 3 }, PathIn("fleet.csv"));
        Assert.Equal(PathIn("fleet_meta.csv"), meta);
        string[] lines = File.ReadAllLines(PathIn("fleet.csv"));
        Assert.Equal("cell,cycle,soh", lines[0]);
        Assert.StartsWith("Syn001,1,", lines[1]);
        Assert.StartsWith("Syn001,2,", lines[2]);
        string[] metaLines = File.ReadAllLines(meta!);
        Assert.Equal("cell,cycle_life,split", metaLines[0]);
        Assert.Equal(4, metaLines.Length);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void LoadsBackToTheSameValuesAndTags()
    {
        // Named cells.csv so that its metadata, cells_meta.csv, is found by the loader's folder convention too.
        var fleet = SyntheticFleet.Generate(SyntheticFleetOptions.Default with { NoiseStdDev = 0.001 });
        LongCsvWriter.Write(fleet, PathIn("cells.csv"));
        var loaded = FleetLoader.Load(PathIn("cells.csv"));

        Assert.Equal(fleet.Select(s => s.Id), loaded.Select(s => s.Id));
        for (int i = 0; i < fleet.Count; i++)
        {
            Assert.Equal(fleet[i].Values, loaded[i].Values); // exact: round-trip formatting
            Assert.Equal(fleet[i].Tags.OrderBy(t => t.Key), loaded[i].Tags.OrderBy(t => t.Key));
        }
    }

    [Fact]
    public void MetaPutsSplitLastAndEscapesAwkwardValues()
    {
        var set = new SeriesSet("t",
        [
            new TimeSeries("a", [1.0, 0.5], new Dictionary<string, string> { ["split"] = "train", ["policy"] = "3.6C(80%),4C" }),
            new TimeSeries("b", [0.1], new Dictionary<string, string> { ["batch"] = "2" }),
        ]);
        string? meta = LongCsvWriter.Write(set, PathIn("x.csv"));
        Assert.Equal(
            ["cell,policy,batch,split", "a,\"3.6C(80%),4C\",,train", "b,,2,"],
            File.ReadAllLines(meta!));
        Assert.Equal(["cell,cycle,soh", "a,1,1", "a,2,0.5", "b,1,0.1"], File.ReadAllLines(PathIn("x.csv")));
    }

    [Fact]
    public void WithoutTagsNoMetaIsLeftBehind()
    {
        File.WriteAllText(PathIn("x_meta.csv"), "cell,split\nold,train\n");
        var set = new SeriesSet("t", [new TimeSeries("a", [1.0])]);
        Assert.Null(LongCsvWriter.Write(set, PathIn("x.csv")));
        Assert.False(File.Exists(PathIn("x_meta.csv")));
    }

    [Fact]
    public void AnEmptySetStillGetsAHeader()
    {
        Assert.Null(LongCsvWriter.Write(new SeriesSet("t", []), PathIn("empty.csv")));
        Assert.Equal(["cell,cycle,soh"], File.ReadAllLines(PathIn("empty.csv")));
    }
}
