using Dlnet.Series;

namespace Dlnet.Tests.Evaluation;

/// <summary>Small fleets of smoothly fading series, with or without split tags.</summary>
internal static class TestFleets
{
    /// <summary>Series <c>S000</c>.. of 300-700 steps fading from 1.0 towards 0.75, tagged by <paramref name="split"/> (null: untagged).</summary>
    public static SeriesSet Fading(int count, Func<int, string?> split, string source = "test fleet", int seed = 1)
    {
        var random = new Random(seed);
        return new SeriesSet(source, Enumerable.Range(0, count).Select(i =>
        {
            int length = 300 + random.Next(400);
            double rate = 0.2 + 0.1 * random.NextDouble();
            // Falls below the 0.5 bound near the end for some series, so the filter has work to do.
            double[] values = Enumerable.Range(0, length).Select(t => 1.02 - rate * Math.Pow((double)t / length, 1.5) - (t > length - 20 && i % 3 == 0 ? 0.6 : 0)).ToArray();
            var tags = split(i) is string s ? new Dictionary<string, string> { ["split"] = s } : new Dictionary<string, string>();
            return new TimeSeries($"S{i:000}", values, tags);
        }));
    }

    /// <summary>train, test1, test2 in turn.</summary>
    public static string ThreeWay(int i) => (i % 3) switch { 0 => "train", 1 => "test1", _ => "test2" };
}
