using System.Globalization;
using System.Text;
using CsCheck;
using Dlnet.Fleet;

namespace Dlnet.Tests.Data;

/// <summary>
/// Workbooks fed to the fleet loader: sheets built from the corners of the cell grammar (the grid's last row and column,
/// 2^31 - 1, every cell type, numbers that are not), mutations of a valid sheet's XML zipped again, and mutations of
/// the zipped workbook itself. Each either loads or raises <see cref="Dlnet.IO.DataFormatException"/> (exit 2), never anything
/// else; no file takes long; and what a read allocates stays within a bound set by the file's size.
/// </summary>
[Collection(ReaderFuzzingCollection.Name)]
public sealed class WorkbookReaderFuzzTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private static readonly string ValidRows = string.Concat(Enumerable.Range(1, 20).Select(i =>
        string.Create(CultureInfo.InvariantCulture, $"<row r=\"{i}\"><c r=\"A{i}\" t=\"n\"><v>{1 - i * 0.001:R}</v></c></row>")));
    private readonly byte[] _validSheet = TestWorkbook.SheetPart(ValidRows);
    private readonly byte[] _valid;

    public WorkbookReaderFuzzTests() => _valid = TestWorkbook.WithSheetPart(_validSheet);

    public void Dispose() => _dir.Dispose();

    /// <summary>Bytes that steer an XML and cell-reference parser into its corners: markup, quotes, letters and digits of references.</summary>
    private static readonly Gen<byte> XmlByte = Gen.OneOf(Gen.Byte, Gen.OneOf("<>/\"= &;#rctvsAXZ019-.eE"u8.ToArray()));

    // Mostly near the data; a row far down the grid is rare, since the library reads every blank row up to it.
    private static readonly Gen<string> RowNumber = Gen.Frequency(
        (30, Gen.Int[1, 60].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("0", "-1", "1048575", "1048576", "1048577", "2147483647", "2147483648", "99999999999999999999", "", "x", "1e3", " 7")));

    private static readonly Gen<string> ColumnName = Gen.OneOf(
        Gen.OneOf("A", "A", "A", "B", "Z", "AA", "XFC", "XFD", "XFE", "ZZZ", "AAAAAAAA", "", "a", "$A"),
        Gen.Char["ABXZ"].Array[1, 4].Select(letters => new string(letters)));

    private static readonly Gen<string> CellType = Gen.OneOf("n", "n", "s", "str", "inlineStr", "b", "e", "d", "", "x");

    private static readonly Gen<string> CellValue = Gen.OneOf(
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Double[0.8, 1.0].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.OneOf("0.99", "1", "0", "-1", "NaN", "INF", "-INF", "1e308", "1e309", "4.9e-324", "", "SOH", "0x10", "1,5", "&#48;.9",
            "99999999999999999999", "2026-12-04T00:00:00", "TRUE", "#DIV/0!"));

    private static readonly Gen<string> Cell = Gen.Select(ColumnName, RowNumber, CellType, CellValue, Gen.Int[0, 3]).Select((column, row, type, value, form) => form switch
    {
        0 => $"<c r=\"{column}{row}\" t=\"{type}\"><v>{value}</v></c>",
        1 => $"<c r=\"{column}{row}\" t=\"inlineStr\"><is><t>{value}</t></is></c>",
        2 => $"<c r=\"{column}{row}\"/>",
        _ => $"<c t=\"{type}\"><v>{value}</v></c>",
    });

    private static readonly Gen<string> Row = Gen.Select(RowNumber, Cell.Array[0, 4], Gen.Bool).Select((number, cells, numbered) =>
        (numbered ? $"<row r=\"{number}\">" : "<row>") + string.Concat(cells) + "</row>");

    /// <summary>Valid rows, then up to eight rows from the grammar's corners.</summary>
    private static readonly Gen<byte[]> GeneratedSheets = Row.Array[0, 8].Select(rows => TestWorkbook.SheetPart(ValidRows + string.Concat(rows)));

    [Fact]
    public void TheValidWorkbookLoads()
    {
        var fleet = Load(_valid);
        Assert.Equal(1, fleet.Cells);
        Assert.Equal(20, fleet.TotalCycles);
    }

    [Fact]
    public void SheetsFromTheCornersOfTheGrammar() => Fuzz(GeneratedSheets.Select(TestWorkbook.WithSheetPart));

    [Fact]
    public void MutationsOfTheSheet() => Fuzz(ReaderFuzzing.Mutations(_validSheet, XmlByte, maxLength: 16, maxEdits: 6).Select(TestWorkbook.WithSheetPart));

    [Fact]
    public void MutationsOfTheZip() => Fuzz(ReaderFuzzing.Mutations(_valid, Gen.Byte, maxLength: 16, maxEdits: 6));

    private FleetInspection Load(byte[] content)
    {
        string path = Path.Combine(Directory.CreateDirectory(_dir.File($"f-{Environment.CurrentManagedThreadId}")).FullName, "Bat001_SOH.xlsx");
        File.WriteAllBytes(path, content);
        return FleetInspection.Of(FleetLoader.Read(Path.GetDirectoryName(path)!, FleetLoadOptions.Default));
    }

    // The library makes a row for every blank row in a gap of row numbers, so a few bytes can have it read down to the
    // grid's last row: about 75 bytes a row, measured, up to the sheet's row limit.
    private void Fuzz(Gen<byte[]> files) => ReaderFuzzing.Run(files, content => Load(content), (4 << 20) + 128L * DataLimits.MaxWorkbookRows);
}
