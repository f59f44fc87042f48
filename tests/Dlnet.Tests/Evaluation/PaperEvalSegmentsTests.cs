using Dlnet.IO;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Tests.Evaluation;

public sealed class PaperEvalSegmentsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dlnet-segments-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SeriesSet Fleet(string json, string? source = null)
    {
        File.WriteAllText(Path.Combine(_folder, PaperEvalSegments.FileName), json);
        var fleet = TestFleets.Fading(9, TestFleets.ThreeWay, source: source ?? _folder);
        // Ids as in the real data, so the file can name them.
        return new SeriesSet(fleet.Source, fleet.Select((s, i) => s with { Id = $"Bat{i + 1:000}" }));
    }

    [Fact]
    public void SegmentsBecomePaper16AndThoseInReportCellsPaper16Test()
    {
        // Bat001 is train, Bat002 test1, Bat003 test2 (ThreeWay by index).
        var fleet = Fleet("""
            [{"battery": "Bat001_SOH", "start": 10, "end": 210, "soh_range": "high"},
             {"battery": "Bat002_SOH", "start": 0, "end": 200},
             {"battery": "Bat003_SOH", "start": 37, "end": 237}]
            """);
        var splits = CellsProtocol.Split(fleet);
        var paper = splits["paper16"];
        Assert.Equal([new(0, 10), new(1, 0), new(2, 37)], paper.Windows.ToArray());
        Assert.Equal([new(1, 0), new(2, 37)], splits["paper16_test"].Windows.ToArray());

        var inputs = new double[100];
        var targets = new double[100];
        paper.CopyInputs(2, 1, inputs);
        paper.CopyTargets(2, 1, targets);
        Assert.Equal(fleet[2].Values[37..137], inputs);
        Assert.Equal(fleet[2].Values[137..237], targets);

        Assert.Equal(["test", "paper16"], PaperProtocol.Split(fleet).Reports.Select(r => r.Name));
    }

    [Fact]
    public void AFileSourceFindsTheSegmentsInItsFolder()
    {
        var fleet = Fleet("""[{"battery": "Bat004_SOH", "start": 5, "end": 205}]""", source: Path.Combine(_folder, PaperEvalSegments.FileName));
        Assert.Equal(1, CellsProtocol.Split(fleet)["paper16"].Count);
    }

    [Fact]
    public void NoFileMeansNoPaperSplit()
    {
        var fleet = TestFleets.Fading(9, TestFleets.ThreeWay, source: _folder);
        Assert.Null(PaperEvalSegments.TryLoad(fleet, 100, 100));
        Assert.Equal(["test1", "test2"], CellsProtocol.Split(fleet).Reports.Select(r => r.Name));
    }

    [Theory]
    [InlineData("""[{"battery": "Bat099_SOH", "start": 0, "end": 200}]""", "Bat099")]
    [InlineData("""[{"battery": "Bat001_SOH", "start": 5000, "end": 5200}]""", "needs rows")]
    [InlineData("""[{"battery": "Bat001_SOH", "start": 0, "end": 150}]""", "expected 200")]
    [InlineData("""[{"battery": "Bat001_SOH"}]""", "lacks")]
    [InlineData("""{"battery": "Bat001_SOH"}""", "not a list")]
    [InlineData("""[]""", "no segments")]
    public void BadSegmentFilesSayWhatIsWrong(string json, string problem)
    {
        var fleet = Fleet(json);
        var e = Assert.Throws<DataFormatException>(() => CellsProtocol.Split(fleet));
        Assert.Contains(problem, e.Problem);
        Assert.EndsWith(PaperEvalSegments.FileName, e.File);
    }
}
