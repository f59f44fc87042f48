namespace Dlnet.Fleet;

/// <summary>The on-disk forms a fleet can take.</summary>
public enum FleetFormat
{
    /// <summary>One CSV with a row per cell and cycle: <c>cell,cycle,soh</c> or <c>cell,cycle,capacity</c>.</summary>
    LongCsv,

    /// <summary>One Parquet file with a row per cell and cycle: <c>cell,cycle,soh</c> or <c>capacity</c>, and optionally <c>split</c>.</summary>
    LongParquet,

    /// <summary>A folder with one CSV per cell (id = file stem): <c>cycle,soh</c>, <c>cycle,capacity</c> or a lone <c>soh</c>.</summary>
    CellCsvFolder,

    /// <summary>One workbook per cell, <c>BatNNN_SOH.xlsx</c>: SOH in column A from row 1, no header (the paper's form).</summary>
    WorkbookFolder,
}
