namespace Dlnet.Fleet;

/// <summary>What is odd about a fleet without making it unusable.</summary>
public enum DataProblemKind
{
    /// <summary>Cycle numbers skip values; the series keeps the measured cycles back to back.</summary>
    CycleGap,

    /// <summary>A cell without a metadata row, or a metadata row for a cell with no data.</summary>
    MetadataMismatch,

    /// <summary>Input or an option that was not used: a nominal capacity for data already in SOH, extra workbook sheets.</summary>
    Ignored,

    /// <summary>A cell too short to give a single forecasting window.</summary>
    TooShort,

    /// <summary>SOH values outside the range that windowing keeps; windows holding them are dropped.</summary>
    OutsideWindowRange,

    /// <summary>A split tag that is not a split name (<see cref="SplitTags"/>); the cells protocol refuses the fleet.</summary>
    UnknownSplit,
}

/// <summary>One problem found in a fleet: its kind, the cell it concerns (if one) and a sentence saying what.</summary>
public sealed record DataProblem(DataProblemKind Kind, string? Cell, string Message);
