namespace Dlnet.Fleet;

/// <summary>
/// How large and how frequent the measurement artefacts of <see cref="MeasurementArtefacts"/> are. The defaults
/// (<see cref="Measured"/>) come from <c>dlnet data artefacts ../shared/data/mit-stanford-raw --smoothed
/// ../shared/data/mit-stanford-soh</c> on the 111 MIT-Stanford cells that have both series (<see cref="ArtefactMeasurement"/>):
/// each is set so that the same measurement of a 400-cell synthetic fleet gives the real number (in brackets
/// below, "measured"). Where the measurement misses events (steps and spikes near the noise of a noisy cell are
/// not told from it) the setting is above the measured rate. Sizes are in SOH and rates per cycle; an event's
/// size is at least <see cref="ArtefactMeasurement.EventFloor"/> and follows P(size &gt; x) = (x / floor)^-exponent,
/// capped at the largest measured. docs/synthetic-fleet.md has both tables.
/// </summary>
public sealed record MeasurementArtefactOptions
{
    /// <summary>The artefacts of the measured MIT-Stanford cells.</summary>
    public static MeasurementArtefactOptions Measured { get; } = new();

    /// <summary>No artefact at all: the smooth curves.</summary>
    public static MeasurementArtefactOptions None { get; } = new()
    {
        NoiseMedian = 0, SpikeRate = 0, StepRate = 0, RecoveryRate = 0, GapRate = 0, SparseCellShare = 0,
    };

    /// <summary>Median over cells of the noise standard deviation (measured 9.3e-5; cells p10 3.7e-5, p90 2.5e-4).</summary>
    public double NoiseMedian { get; init; } = 9.3e-5;

    /// <summary>Spread of the cells' noise: the log of a cell's sd is normal with this sd. 0.75 = ln(p90 / p10) / 2.56.</summary>
    public double NoiseLogStdDev { get; init; } = 0.75;

    /// <summary>Spikes and dips started per cycle (measured 0.0103: 757 in 73,785 values).</summary>
    public double SpikeRate { get; init; } = 0.0139;

    /// <summary>Share of spikes that are dips (measured 0.96).</summary>
    public double SpikeDipShare { get; init; } = 0.97;

    /// <summary>Exponent of the spike sizes (measured 1.69; median 0.0012, p90 0.0071).</summary>
    public double SpikeExponent { get; init; } = 2.0;

    /// <summary>Largest spike (measured 0.123).</summary>
    public double SpikeMax { get; init; } = 0.12;

    /// <summary>Chance that a spike lasts one more cycle (measured 0.11).</summary>
    public double SpikeContinuation { get; init; } = 0.12;

    /// <summary>Lasting level steps per cycle (measured 0.00043: 32 found; most steps are too close to the noise to be found).</summary>
    public double StepRate { get; init; } = 0.0017;

    /// <summary>Share of steps up (measured 0.5).</summary>
    public double StepUpShare { get; init; } = 0.5;

    /// <summary>Exponent of the step sizes (measured 3.7; median 0.0012, p90 0.0016).</summary>
    public double StepExponent { get; init; } = 5;

    /// <summary>Largest step (measured 0.0059).</summary>
    public double StepMax { get; init; } = 0.006;

    /// <summary>Capacity recoveries (a rise that fades) per cycle (measured 0.00035: 26 found).</summary>
    public double RecoveryRate { get; init; } = 0.00043;

    /// <summary>Exponent of the recovery rises (measured 2.0; median 0.0012, p90 0.0058).</summary>
    public double RecoveryExponent { get; init; } = 2.0;

    /// <summary>Largest recovery (measured 0.0086).</summary>
    public double RecoveryMax { get; init; } = 0.009;

    /// <summary>Cycles for a recovery to fade to half (measured median 8, which the measurement reads 2 cycles long).</summary>
    public double RecoveryHalfLife { get; init; } = 6;

    /// <summary>Runs of missing cycles started per cycle, in cells that are not sparse (measured 0.0143).</summary>
    public double GapRate { get; init; } = 0.0125;

    /// <summary>Mean length of a run of missing cycles, geometric (measured 1.8: the alignment splits some runs).</summary>
    public double GapMeanLength { get; init; } = 2.3;

    /// <summary>Share of sparse cells, whose cycles are each missing with <see cref="SparseMissingShare"/> (measured 0.072: 8 of 111).</summary>
    public double SparseCellShare { get; init; } = 0.072;

    /// <summary>Share of a sparse cell's cycles that are missing (measured median 0.59).</summary>
    public double SparseMissingShare { get; init; } = 0.59;

    /// <summary>True when every artefact is off.</summary>
    public bool IsNone => NoiseMedian == 0 && SpikeRate == 0 && StepRate == 0 && RecoveryRate == 0 && GapRate == 0 && SparseCellShare == 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, double value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, rule);
        }
        static bool Share(double x) => x >= 0 && x <= 1;
        static bool Rate(double x) => x >= 0 && x < 1;
        Check(NoiseMedian >= 0 && NoiseMedian < 1, nameof(NoiseMedian), NoiseMedian, "must be in [0, 1)");
        Check(NoiseLogStdDev >= 0 && NoiseLogStdDev <= 5, nameof(NoiseLogStdDev), NoiseLogStdDev, "must be in [0, 5]");
        Check(Rate(SpikeRate), nameof(SpikeRate), SpikeRate, "must be in [0, 1)");
        Check(Share(SpikeDipShare), nameof(SpikeDipShare), SpikeDipShare, "must be in [0, 1]");
        Check(Rate(SpikeContinuation), nameof(SpikeContinuation), SpikeContinuation, "must be in [0, 1)");
        Check(Rate(StepRate), nameof(StepRate), StepRate, "must be in [0, 1)");
        Check(Share(StepUpShare), nameof(StepUpShare), StepUpShare, "must be in [0, 1]");
        Check(Rate(RecoveryRate), nameof(RecoveryRate), RecoveryRate, "must be in [0, 1)");
        Check(RecoveryHalfLife > 0 && RecoveryHalfLife <= 1e6, nameof(RecoveryHalfLife), RecoveryHalfLife, "must be in (0, 1e6]");
        Check(Rate(GapRate), nameof(GapRate), GapRate, "must be in [0, 1)");
        Check(GapMeanLength >= 1 && GapMeanLength <= 1e6, nameof(GapMeanLength), GapMeanLength, "must be in [1, 1e6]");
        Check(Share(SparseCellShare), nameof(SparseCellShare), SparseCellShare, "must be in [0, 1]");
        Check(SparseMissingShare >= 0 && SparseMissingShare <= 0.95, nameof(SparseMissingShare), SparseMissingShare, "must be in [0, 0.95]");
        foreach (var (name, exponent, max) in new[] { (nameof(SpikeExponent), SpikeExponent, SpikeMax), (nameof(StepExponent), StepExponent, StepMax), (nameof(RecoveryExponent), RecoveryExponent, RecoveryMax) })
        {
            Check(exponent > 0 && exponent <= 100, name, exponent, "must be in (0, 100]");
            Check(max >= ArtefactMeasurement.EventFloor && max <= 0.5, name.Replace("Exponent", "Max", StringComparison.Ordinal), max, $"must be in [{ArtefactMeasurement.EventFloor}, 0.5]");
        }
    }
}
