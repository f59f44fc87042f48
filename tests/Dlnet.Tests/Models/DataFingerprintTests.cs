using Dlnet.Forecasting;
using Dlnet.ModelFiles;
using Dlnet.Series;
using Dlnet.Splits;
using Dlnet.Tests.Evaluation;

namespace Dlnet.Tests.Models;

public class DataFingerprintTests
{
    private static SeriesSet Fleet(double first = 1.0, string split = "train") => new("x",
    [
        new TimeSeries("A", [first, 0.99, 0.98], new Dictionary<string, string> { ["split"] = split }),
        new TimeSeries("B", [1.0, 0.97], new Dictionary<string, string> { ["split"] = "test1" }),
    ]);

    [Fact]
    public void SameDataSameFingerprintWhateverTheSource()
    {
        string a = DataFingerprint.Compute(Fleet());
        Assert.Matches("^sha256:[0-9a-f]{64}$", a);
        Assert.Equal(a, DataFingerprint.Compute(new SeriesSet("elsewhere", Fleet())));
    }

    [Fact]
    public void AnyValueOrSplitTagChangesIt()
    {
        string a = DataFingerprint.Compute(Fleet());
        Assert.NotEqual(a, DataFingerprint.Compute(Fleet(first: 1.0 + 1e-15)));
        Assert.NotEqual(a, DataFingerprint.Compute(Fleet(split: "test2")));
        Assert.NotEqual(a, DataFingerprint.Compute(new SeriesSet("x", Fleet().Reverse())));
    }

    [Fact]
    public void MinMaxEncodingAgreesWithTheProtocolScaler()
    {
        var fleet = TestFleets.Fading(9, TestFleets.ThreeWay);
        var splits = CellsProtocol.Split(fleet);
        var encoding = WindowEncoding.Fit(OutputForm.MinMax, WindowArrays.From(splits.Train));
        Assert.Equal(splits.Scaler.Min, encoding.Offset);
        Assert.Equal(splits.Scaler.Range, encoding.InputScale);
    }
}
