namespace Dlnet.Fleet;

/// <summary>
/// What <see cref="SyntheticFleet.Generate"/> makes: how many cells, from which seed, and the fleet-level
/// distributions that the per-cell ageing parameters are drawn from. The defaults describe a fleet that ages
/// like the MIT-Stanford fast-charging cells (Severson et al. 2019); see <c>docs/synthetic-fleet.md</c>.
/// </summary>
public sealed record SyntheticFleetOptions
{
    /// <summary>
    /// The built-in data set: 48 cells from seed 1, with the measurement artefacts of the MIT-Stanford cells. Big
    /// enough for a train/test1/test2 split with about 16 cells each, small enough that the whole pipeline runs in
    /// minutes on a laptop.
    /// </summary>
    public static SyntheticFleetOptions Default { get; } = new();

    /// <summary>Number of cells, 1 to <see cref="MaxCellCount"/>. Default 48.</summary>
    public int CellCount { get; init; } = 48;

    /// <summary>Seed of the one <see cref="Random"/> everything is drawn from. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Standard deviation of Gaussian noise added to every SOH value of every cell, &gt;= 0, on top of the
    /// <see cref="Artefacts"/> (which hold each cell's own measurement noise). Default 0.
    /// </summary>
    public double NoiseStdDev { get; init; }

    /// <summary>
    /// What measuring adds to the smooth curves: noise, spikes and dips, steps, recoveries, missing cycles. Default
    /// <see cref="MeasurementArtefactOptions.Measured"/>, the sizes of the measured MIT-Stanford cells;
    /// <see cref="MeasurementArtefactOptions.None"/> gives the smooth curves.
    /// </summary>
    public MeasurementArtefactOptions Artefacts { get; init; } = MeasurementArtefactOptions.Measured;

    /// <summary>SOH that defines end of life: the cycle life is the first cycle below it. Default 0.80.</summary>
    public double EndOfLifeSoh { get; init; } = 0.80;

    /// <summary>Median of the log-normal cycle-life distribution. Default 750 (MIT-Stanford: 742).</summary>
    public double MedianCycleLife { get; init; } = 750;

    /// <summary>
    /// Standard deviation of the natural log of cycle life. Default 0.43, the spread of the 124 MIT-Stanford
    /// cells (0.435): about two thirds of cells within a factor 1.5 of the median.
    /// </summary>
    public double CycleLifeLogStdDev { get; init; } = 0.43;

    /// <summary>Shortest cycle life: the log-normal is truncated to [MinCycleLife, MaxCycleLife]. Default 150.</summary>
    public int MinCycleLife { get; init; } = 150;

    /// <summary>Longest cycle life. Default 2500.</summary>
    public int MaxCycleLife { get; init; } = 2500;

    /// <summary>
    /// Lowest SOH a series runs down to past end of life; each cell's last value is drawn uniformly between
    /// this and <see cref="MaxFinalSoh"/>. Default 0.77 (MIT-Stanford batch 2 runs to about 0.77).
    /// </summary>
    public double MinFinalSoh { get; init; } = 0.77;

    /// <summary>Highest SOH a series runs down to; below <see cref="EndOfLifeSoh"/>. Default 0.79.</summary>
    public double MaxFinalSoh { get; init; } = 0.79;

    /// <summary>Share of cells tagged <c>train</c>. Default 41/124, as in Severson et al.</summary>
    public double TrainFraction { get; init; } = 41.0 / 124.0;

    /// <summary>Share of cells tagged <c>test1</c>; the rest are <c>test2</c>. Default 43/124, as in Severson et al.</summary>
    public double Test1Fraction { get; init; } = 43.0 / 124.0;

    /// <summary>Upper bound on <see cref="CellCount"/>, against a typo that would fill the memory.</summary>
    public const int MaxCellCount = 100_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (CellCount < 1 || CellCount > MaxCellCount)
            throw new ArgumentOutOfRangeException(nameof(CellCount), CellCount, $"must be between 1 and {MaxCellCount}");
        if (!(NoiseStdDev >= 0 && double.IsFinite(NoiseStdDev)))
            throw new ArgumentOutOfRangeException(nameof(NoiseStdDev), NoiseStdDev, "must be a finite number >= 0");
        ArgumentNullException.ThrowIfNull(Artefacts);
        Artefacts.Validate();
        if (!(EndOfLifeSoh > 0 && EndOfLifeSoh < 1))
            throw new ArgumentOutOfRangeException(nameof(EndOfLifeSoh), EndOfLifeSoh, "must be between 0 and 1");
        if (!(MedianCycleLife >= MinCycleLife && MedianCycleLife <= MaxCycleLife))
            throw new ArgumentOutOfRangeException(nameof(MedianCycleLife), MedianCycleLife, "must lie between MinCycleLife and MaxCycleLife");
        if (!(CycleLifeLogStdDev >= 0 && double.IsFinite(CycleLifeLogStdDev)))
            throw new ArgumentOutOfRangeException(nameof(CycleLifeLogStdDev), CycleLifeLogStdDev, "must be a finite number >= 0");
        if (MinCycleLife < 2 || MaxCycleLife < MinCycleLife)
            throw new ArgumentOutOfRangeException(nameof(MinCycleLife), MinCycleLife, "need 2 <= MinCycleLife <= MaxCycleLife");
        if (!(MinFinalSoh > 0 && MinFinalSoh <= MaxFinalSoh && MaxFinalSoh < EndOfLifeSoh))
            throw new ArgumentOutOfRangeException(nameof(MinFinalSoh), MinFinalSoh, "need 0 < MinFinalSoh <= MaxFinalSoh < EndOfLifeSoh");
        if (!(TrainFraction >= 0 && Test1Fraction >= 0 && TrainFraction + Test1Fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(TrainFraction), TrainFraction, "need TrainFraction, Test1Fraction >= 0 and their sum <= 1");
    }
}
