using Dlnet.Cli.Common;
using Dlnet.Fleet;

namespace Dlnet.Tests.Data;

/// <summary><c>dlnet data synth</c> end to end, through the same runner as the real command line.</summary>
public sealed class SyntheticFleetCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dlnet-synth-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var r = Cli.Run(["data", "synth", .. args]);
        return (r.ExitCode, r.Stdout, r.Stderr);
    }

    [Fact]
    public void WritesTheFleetAndSaysSoInOneLine()
    {
        string csv = Path.Combine(_dir, "fleet.csv");
        var (exit, output, error) = Run("--cells", "6", "--seed", "9", "--out", csv);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("", error);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("wrote 6 cells", line);
        Assert.Contains("fleet_meta.csv", line);

        var expected = SyntheticFleet.Generate(SyntheticFleetOptions.Default with { CellCount = 6, Seed = 9 });
        var loaded = FleetLoader.Load(csv);
        Assert.Equal(6, loaded.Count);
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i].Values, loaded[i].Values);
    }

    [Fact]
    public void ArtefactsCanBeTurnedOff()
    {
        string smooth = Path.Combine(_dir, "smooth.csv"), measured = Path.Combine(_dir, "measured.csv");
        var (exit, output, _) = Run("--cells", "6", "--seed", "9", "--artefacts", "none", "--out", smooth);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("no artefacts", output);
        Assert.Equal(ExitCodes.Success, Run("--cells", "6", "--seed", "9", "--out", measured).Exit);

        var expected = SyntheticFleet.Generate(SyntheticFleetOptions.Default with { CellCount = 6, Seed = 9, Artefacts = MeasurementArtefactOptions.None });
        var a = FleetLoader.Load(smooth);
        var b = FleetLoader.Load(measured);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(expected[i].Values, a[i].Values);
            // The smooth curve falls at every cycle; the measured one is shorter (missing cycles) and not monotone.
            Assert.All(a[i].Values.Skip(1).Zip(a[i].Values), p => Assert.True(p.First < p.Second));
            Assert.True(b[i].Length <= a[i].Length);
        }
        Assert.Contains(b, cell => cell.Values.Skip(1).Zip(cell.Values).Any(p => p.First > p.Second));
    }

    [Theory]
    [InlineData("--cells", "0")]
    [InlineData("--noise", "-0.01")]
    [InlineData("--artefacts", "some")]
    public void OutOfRangeOptionsAreUsageErrors(string option, string value)
    {
        string csv = Path.Combine(_dir, "fleet.csv");
        var (exit, _, error) = Run(option, value, "--out", csv);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option, error);
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public void OutIsRequired()
    {
        var (exit, _, error) = Run("--cells", "3");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--out", error);
    }
}
