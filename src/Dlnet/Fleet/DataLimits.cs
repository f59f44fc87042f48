using System.Globalization;

namespace Dlnet.Fleet;

/// <summary>
/// The largest data the loaders accept, checked before the memory is spent: a file's size before it is
/// read, a row's length as it is read, a cell's cycles as they arrive. Each is far above real ageing data
/// (the MIT-Stanford fleet is a 3 MB CSV of 124 cells of at most 2,235 cycles) and documented in docs/cli.md.
/// </summary>
public static class DataLimits
{
    /// <summary>Largest data file: a long or per-cell CSV, a metadata CSV or a workbook (1 GiB).</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Longest CSV row in characters, quoted fields included: the CSV parser's buffer limit (16 Mi).</summary>
    public const int MaxRowChars = 16 * 1024 * 1024;

    /// <summary>
    /// Most rows one Parquet row group may declare (16 Mi): its columns are read whole, so this bounds what one
    /// group allocates (tens of bytes a row decoded). The fleet writer uses 128 Ki rows.
    /// </summary>
    public const int MaxRowGroupRows = 16 * 1024 * 1024;

    /// <summary>Most rows (cell cycles) a Parquet file may declare in all (256 Mi, 2 GiB of SOH values); a 1 GiB CSV holds fewer.</summary>
    public const long MaxFileRows = 256L * 1024 * 1024;

    /// <summary>
    /// Most a Parquet page may unpack to, per byte stored (64), plus <see cref="UnpackSlackBytes"/>: the decoder
    /// allocates what a page declares, and measured fleets compress a few times, not hundreds.
    /// </summary>
    public const long MaxUnpackRatio = 64;

    /// <summary>What any page may unpack to beyond <see cref="MaxUnpackRatio"/> (64 KiB: small pages, levels).</summary>
    public const long UnpackSlackBytes = 64 * 1024;

    /// <summary>Longest Parquet page header read (64 KiB: statistics hold at most a few values).</summary>
    public const int MaxPageHeaderBytes = 64 * 1024;

    /// <summary>Longest cell id or split tag in a Parquet file, in characters.</summary>
    public const int MaxNameChars = 1024;

    /// <summary>Most cycles one cell may hold.</summary>
    public const int MaxCyclesPerCell = 1_000_000;

    /// <summary>
    /// Most a workbook's parts may unpack to in all, as the zip directory declares them (256 MiB; a million
    /// cycles take about 60 MB of sheet XML). The zip reader stops every part at its declared size.
    /// </summary>
    public const long MaxWorkbookUnpackedBytes = 256L * 1024 * 1024;

    /// <summary>Most parts a workbook may hold (a saved one has about a dozen).</summary>
    public const int MaxWorkbookParts = 10_000;

    /// <summary>Most rows a worksheet has (Excel's grid, 2^20): a row number beyond it is not a spreadsheet's.</summary>
    public const int MaxWorkbookRows = 1 << 20;

    /// <summary>Most columns a worksheet has (Excel's grid, A to XFD): the workbook library reads references past it.</summary>
    public const int MaxWorkbookColumns = 16_384;

    /// <summary>
    /// Most cells of a worksheet the reader looks at, rows times the sheet's columns (4 Mi: a million cycles four
    /// columns wide): a stray cell far to the right widens every row, and each row's cells are checked to be blank
    /// outside column A.
    /// </summary>
    public const long MaxWorkbookCells = 4L * 1024 * 1024;

    /// <summary>A size in bytes as people read it: <c>1.5 GiB</c>, <c>3.2 MiB</c>, <c>512 bytes</c>.</summary>
    public static string Bytes(long bytes)
    {
        var c = CultureInfo.InvariantCulture;
        if (bytes >= 1L << 30) return (bytes / (double)(1L << 30)).ToString("0.#", c) + " GiB";
        if (bytes >= 1L << 20) return (bytes / (double)(1L << 20)).ToString("0.#", c) + " MiB";
        return bytes.ToString(c) + " bytes";
    }
}
