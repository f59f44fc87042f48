using Dlnet.Series;

namespace Dlnet.Splits;

/// <summary>
/// The splits of one run, decided once from its <see cref="SplitPlan"/> and handed to every step, so that no step
/// splits the data again.
/// </summary>
/// <param name="Windows">The plan's windows: the teacher and the students are fitted, chosen and scored on them.</param>
/// <param name="Deployment">The same protocol and seed at the protocol's default strides, on the measured cells alone, as a
/// model folder alone is split (its model.json records neither strides nor ageing rates): its training windows calibrate
/// the int8 scales, its report windows check the firmware and are drawn in the report. The same object as
/// <see cref="Windows"/> when the plan sets no stride and no ageing rate.</param>
public sealed record RunSplits(ProtocolSplits Windows, ProtocolSplits Deployment)
{
    /// <summary>The windows that fix the int8 scales: every training window of <see cref="Deployment"/>.</summary>
    public WindowSet Calibration => Deployment.Train;

    /// <summary>The one way a run, <c>dlnet deploy</c>, <c>dlnet report</c> and <c>--int8</c> split data.</summary>
    /// <exception cref="ArgumentException">An unknown protocol, or adaptation cells that <paramref name="series"/> lacks.</exception>
    /// <exception cref="IO.DataFormatException">The data cannot be split under the protocol.</exception>
    public static RunSplits Of(SplitPlan plan, SeriesSet series)
    {
        var windows = Split(plan, series);
        var deployment = plan.Measured;
        return new RunSplits(windows, deployment == plan ? windows : Split(deployment, series));
    }

    private static ProtocolSplits Split(SplitPlan p, SeriesSet series)
    {
        if (p.Adaptation is { } cells) return AdaptationProtocol.Split(series, cells);
        if (p.Protocol != CellsProtocol.Name) return Protocols.Split(p.Protocol, series, p.Seed, p.TrainStride);
        var defaults = new CellsProtocolOptions();
        return CellsProtocol.Split(series, new CellsProtocolOptions
        {
            Seed = p.Seed,
            TrainStride = p.TrainStride ?? defaults.TrainStride,
            EvalStride = p.EvalStride ?? defaults.EvalStride,
            AgeingRates = p.AgeingRates ?? defaults.AgeingRates,
        });
    }
}
