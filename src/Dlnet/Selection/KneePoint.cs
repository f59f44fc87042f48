namespace Dlnet.Selection;

/// <summary>
/// The knee of a two-objective front (error against one cost): after scaling both objectives to [0, 1]
/// over the front, the point farthest below the chord joining the front's two extremes. There a
/// further saving in cost starts to cost much more error, and a further error reduction much more cost.
/// </summary>
public static class KneePoint
{
    /// <summary>
    /// Index into <paramref name="points"/> of the knee. Points are (cost, error) pairs of a front; with
    /// one or two points, or a front that is a straight line, the lowest-error point is returned.
    /// </summary>
    public static int Find(IReadOnlyList<(double Cost, double Error)> points)
    {
        if (points.Count == 0) throw new ArgumentException("an empty front has no knee", nameof(points));
        int lowestError = 0;
        for (int i = 1; i < points.Count; i++)
            if (points[i].Error < points[lowestError].Error || (points[i].Error == points[lowestError].Error && points[i].Cost < points[lowestError].Cost))
                lowestError = i;
        if (points.Count <= 2) return lowestError;

        double cMin = points.Min(p => p.Cost), cMax = points.Max(p => p.Cost);
        double eMin = points.Min(p => p.Error), eMax = points.Max(p => p.Error);
        double cSpan = cMax - cMin, eSpan = eMax - eMin;
        if (cSpan <= 0 || eSpan <= 0) return lowestError;

        // Extremes of a front: the cheapest point has the largest error and vice versa, so in scaled
        // coordinates the chord runs from (0, 1) to (1, 0): x + y = 1. Distance below it is (1 - x - y)/sqrt2.
        int best = lowestError;
        double bestDistance = 1e-12;
        for (int i = 0; i < points.Count; i++)
        {
            double x = (points[i].Cost - cMin) / cSpan;
            double y = (points[i].Error - eMin) / eSpan;
            double distance = 1 - x - y;
            if (distance > bestDistance) { bestDistance = distance; best = i; }
        }
        return best;
    }
}
