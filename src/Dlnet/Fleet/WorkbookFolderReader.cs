using System.Globalization;
using System.IO.Compression;
using Dlnet.IO;
using Dlnet.Series;
using ExcelDataReader;

namespace Dlnet.Fleet;

/// <summary>
/// Reads the paper's form: one workbook per cell, <c>BatNNN_SOH.xlsx</c> (cell id <c>BatNNN</c>), one sheet,
/// SOH per cycle in column A from row 1 and no header; row r is cycle r.
/// </summary>
/// <remarks>
/// Only .xlsx (Office Open XML) is read. ExcelDataReader still asks for code page 1252 when it opens one
/// (its default fallback encoding), which .NET provides only once the code-pages provider is registered.
/// </remarks>
internal static class WorkbookFolderReader
{
    public const string Extension = ".xlsx";
    private const string SohSuffix = "_SOH";

    static WorkbookFolderReader() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    /// <summary>The workbooks of <paramref name="folder"/> in ordinal name order, without Excel's <c>~$</c> lock files.</summary>
    public static string[] Workbooks(string folder) =>
        Directory.EnumerateFiles(folder, "*" + Extension)
            .Where(f => !Path.GetFileName(f).StartsWith("~$", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary><c>Bat001_SOH.xlsx</c> is cell <c>Bat001</c>; any other name is its own stem.</summary>
    public static string CellId(string path)
    {
        string stem = Path.GetFileNameWithoutExtension(path);
        return stem.Length > SohSuffix.Length && stem.EndsWith(SohSuffix, StringComparison.OrdinalIgnoreCase)
            ? stem[..^SohSuffix.Length]
            : stem;
    }

    public static IReadOnlyList<TimeSeries> Read(string folder, ICollection<DataProblem> problems)
    {
        string[] files = Workbooks(folder);
        if (files.Length == 0) throw new DataFormatException(folder, null, "no .xlsx workbooks in the folder");
        var series = files.Select(f => ReadWorkbook(f, problems)).ToArray();
        var duplicate = series.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
            throw new DataFormatException(folder, null, $"two workbooks give cell {duplicate.Key} (for example {duplicate.Key}{SohSuffix}.xlsx and {duplicate.Key}.xlsx): keep one");
        return series;
    }

    public static TimeSeries ReadWorkbook(string path, ICollection<DataProblem> problems)
    {
        var cell = new CellSeriesBuilder(CellId(path), path);
        long length = new FileInfo(path).Length;
        if (length > DataLimits.MaxFileBytes)
            throw new DataFormatException(path, null, $"the workbook is {DataLimits.Bytes(length)}, more than the {DataLimits.Bytes(DataLimits.MaxFileBytes)} a data file may be");
        try
        {
            using var stream = File.OpenRead(path);
            CheckParts(stream, path);
            stream.Position = 0;
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
            int blankRow = 0; // first blank row in column A: the end of the data unless values follow
            int row = 0;
            long cells = 0;
            // The library fills a gap in row numbers with blank rows, and widens every row to the sheet's widest.
            while (reader.Read())
            {
                row++;
                cells += reader.FieldCount;
                if (row > DataLimits.MaxWorkbookRows)
                    throw DataFormatException.AtRow(path, row, $"the sheet goes past row {DataLimits.MaxWorkbookRows:N0}, the last of a worksheet");
                if (reader.FieldCount > DataLimits.MaxWorkbookColumns)
                    throw DataFormatException.AtRow(path, row,
                        $"the sheet is {reader.FieldCount:N0} columns wide, past column {ColumnName(DataLimits.MaxWorkbookColumns - 1)}, the last of a worksheet: keep SOH in column A only");
                if (cells > DataLimits.MaxWorkbookCells)
                    throw DataFormatException.AtRow(path, row,
                        $"the sheet is {reader.FieldCount:N0} columns wide down to this row, more than the {DataLimits.MaxWorkbookCells:N0} cells a workbook may span: keep SOH in column A only");
                for (int col = 1; col < reader.FieldCount; col++)
                {
                    if (!IsBlank(reader.GetValue(col)))
                        throw DataFormatException.AtRow(path, row,
                            $"unexpected value in column {ColumnName(col)}: the workbook must hold SOH in column A only");
                }
                object? value = reader.GetValue(0);
                if (IsBlank(value))
                {
                    if (blankRow == 0) blankRow = row;
                    continue;
                }
                var at = DataLocation.Row(path, row);
                if (blankRow != 0)
                    throw DataFormatException.AtRow(path, blankRow, $"column A is empty but row {row} holds a value: SOH must fill column A from row 1 without blank rows");
                cell.Add(row, SohScale.Direct.ToSoh(ToNumber(value!, at), at), at);
            }
            if (reader.ResultsCount > 1)
                problems.Add(new DataProblem(DataProblemKind.Ignored, cell.Id,
                    $"{path} has {reader.ResultsCount} sheets; only the first was read"));
        }
        catch (Exception e) when (e is not DataFormatException and not IOException and not UnauthorizedAccessException and not OutOfMemoryException)
        {
            // ExcelDataReader reports a damaged or mislabelled file with assorted exception types (zip, XML, header).
            throw new DataFormatException(path, null, $"cannot read the workbook ({e.Message.TrimEnd('.')}): is it a valid .xlsx file? Re-save it from a spreadsheet program", e);
        }
        return cell.Build(problems);
    }

    /// <summary>The zip's parts, by their declared sizes, before the library unpacks any: few, and small in all.</summary>
    private static void CheckParts(Stream stream, string path)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        if (zip.Entries.Count > DataLimits.MaxWorkbookParts)
            throw new DataFormatException(path, null, $"the workbook holds {zip.Entries.Count:N0} parts; at most {DataLimits.MaxWorkbookParts:N0} are read");
        long unpacked = zip.Entries.Sum(e => e.Length);
        if (unpacked > DataLimits.MaxWorkbookUnpackedBytes)
            throw new DataFormatException(path, null,
                $"the workbook unpacks to {DataLimits.Bytes(unpacked)}, more than the {DataLimits.Bytes(DataLimits.MaxWorkbookUnpackedBytes)} a workbook may");
    }

    private static double ToNumber(object value, DataLocation at) => value switch
    {
        double d => FieldParser.Finite(d, d.ToString("R", CultureInfo.InvariantCulture), "SOH", at),
        string s => ParseText(s, at),
        _ => throw at.Error($"column A holds {value} ({value.GetType().Name}), not a number"),
    };

    // A number typed in as text is still a number; a header such as "SOH" is not, and the hint says why.
    private static double ParseText(string text, DataLocation at)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            return FieldParser.Finite(value, FieldParser.Shown(text.AsSpan().Trim()), "SOH", at);
        string hint = at.Number == 1 ? " (no header row: SOH starts in row 1)" : "";
        throw at.Error($"SOH value '{FieldParser.Shown(text.AsSpan().Trim())}' in column A is not a number{hint}");
    }

    private static bool IsBlank(object? value) => value is null or DBNull || (value is string s && string.IsNullOrWhiteSpace(s));

    private static string ColumnName(int index)
    {
        string name = "";
        for (int i = index + 1; i > 0; i = (i - 1) / 26) name = (char)('A' + (i - 1) % 26) + name;
        return name;
    }
}
