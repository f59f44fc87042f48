using CsCheck;
using Dlnet.Splits;

namespace Dlnet.Tests.Windows;

public class WindowSpecTests
{
    /// <summary>The obvious cutter: every start that fits, every value checked.</summary>
    private static List<Window> CutNaively(double[] values, int series, WindowSpec spec)
    {
        var result = new List<Window>();
        for (int start = 0; start + spec.Length <= values.Length; start += spec.Stride)
        {
            bool ok = true;
            for (int i = start; i < start + spec.Length; i++)
                if (spec.Bounds is ValueBounds b && !b.Contains(values[i])) ok = false;
            if (ok) result.Add(new Window(series, start));
        }
        return result;
    }

    [Fact]
    public void WithoutBoundsEveryFittingStartIsCut()
    {
        Gen.Select(Gen.Int[0, 300], Gen.Int[1, 50], Gen.Int[1, 50], Gen.Int[1, 30]).Sample((n, w, h, stride) =>
        {
            var spec = new WindowSpec(w, h, stride) { Bounds = null };
            var windows = new List<Window>();
            spec.Cut(new double[n], 3, windows);
            int expected = n < w + h ? 0 : (n - w - h) / stride + 1;
            Assert.Equal(expected, windows.Count);
            for (int i = 0; i < windows.Count; i++) Assert.Equal(new Window(3, i * stride), windows[i]);
        });
    }

    [Fact]
    public void BoundsKeepExactlyTheWindowsWhoseValuesAllLieInside()
    {
        // Values straddle both bounds, so windows are dropped at both ends and in the middle.
        var gen = Gen.Select(Gen.Double[0.4, 1.2].Array[0, 250], Gen.Int[1, 20], Gen.Int[1, 20], Gen.Int[1, 7]);
        gen.Sample((values, w, h, stride) =>
        {
            var spec = new WindowSpec(w, h, stride);
            var windows = new List<Window>();
            spec.Cut(values, 0, windows);
            Assert.Equal(CutNaively(values, 0, spec), windows);
        });
    }

    [Fact]
    public void BoundsAreOpenBelowClosedAboveAndRejectNaN()
    {
        var b = ValueBounds.Default;
        Assert.False(b.Contains(0.5));
        Assert.True(b.Contains(0.5000001));
        Assert.True(b.Contains(1.1));
        Assert.False(b.Contains(1.1000001));
        Assert.False(b.Contains(double.NaN));
    }

    [Fact]
    public void OneBadValueRemovesEveryWindowThatCoversIt()
    {
        var values = Enumerable.Repeat(0.9, 30).ToArray();
        values[12] = 1.2;
        var windows = new List<Window>();
        new WindowSpec(5, 5, 1).Cut(values, 0, windows);
        // Starts 3..12 cover step 12; 0..2 and 13..20 do not.
        Assert.Equal([0, 1, 2, 13, 14, 15, 16, 17, 18, 19, 20], windows.Select(x => x.Start));
    }

    [Fact]
    public void AcceptsChecksEveryValue()
    {
        var spec = new WindowSpec(2, 2);
        Assert.True(spec.Accepts([0.9, 1.0, 1.1, 0.6]));
        Assert.False(spec.Accepts([0.9, 1.0, 0.5, 0.6]));
        Assert.True((spec with { Bounds = null }).Accepts([-5, 7]));
    }

    [Fact]
    public void RejectsNonPositiveSizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowSpec(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowSpec(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowSpec(10, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowSpec() with { Stride = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValueBounds(1, 1));
    }
}
