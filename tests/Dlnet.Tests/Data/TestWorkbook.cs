using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Dlnet.Tests.Data;

/// <summary>
/// Writes small .xlsx files for tests: the five parts a reader needs, one sheet, numbers as numeric cells
/// and strings as inline strings. Rows are given by their 1-based sheet row, so gaps can be written.
/// </summary>
public static class TestWorkbook
{
    /// <summary>One value per row in column A, rows 1, 2, ...</summary>
    public static void WriteColumn(string path, IEnumerable<double> values) =>
        Write(path, values.Select((v, i) => (i + 1, new object?[] { v })));

    public static void Write(string path, IEnumerable<(int Row, object?[] Cells)> rows) => WriteSheet(path, sheet =>
    {
        foreach (var (row, cells) in rows)
        {
            sheet.Write(string.Create(CultureInfo.InvariantCulture, $"<row r=\"{row}\">"));
            for (int col = 0; col < cells.Length; col++)
            {
                string reference = $"{(char)('A' + col)}{row}";
                switch (cells[col])
                {
                    case null: break;
                    case double d:
                        sheet.Write(string.Create(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"n\"><v>{d.ToString("R", CultureInfo.InvariantCulture)}</v></c>"));
                        break;
                    case string s:
                        sheet.Write(string.Create(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(s)}</t></is></c>"));
                        break;
                    default: throw new ArgumentException($"unsupported cell value {cells[col]}");
                }
            }
            sheet.Write("</row>");
        }
    });

    /// <summary>A workbook whose sheet data (the XML inside <c>sheetData</c>) <paramref name="sheetData"/> writes as it likes.</summary>
    public static void WriteSheet(string path, Action<TextWriter> sheetData) => WritePackage(path, part =>
    {
        using var sheet = new StreamWriter(part, new UTF8Encoding(false));
        sheet.Write(SheetStart);
        sheetData(sheet);
        sheet.Write(SheetEnd);
    });

    /// <summary>The bytes of a workbook whose sheet part is <paramref name="sheetPart"/>, byte for byte, well-formed or not.</summary>
    public static byte[] WithSheetPart(byte[] sheetPart)
    {
        var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            AddParts(zip, part => part.Write(sheetPart));
        return file.ToArray();
    }

    /// <summary>The whole sheet part around <paramref name="sheetData"/>, as <see cref="WriteSheet"/> writes it.</summary>
    public static byte[] SheetPart(string sheetData) => Encoding.UTF8.GetBytes(SheetStart + sheetData + SheetEnd);

    private const string SheetStart =
        """<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""";

    private const string SheetEnd = "</sheetData></worksheet>";

    private static void WritePackage(string path, Action<Stream> sheetPart)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        AddParts(zip, sheetPart);
    }

    private static void AddParts(ZipArchive zip, Action<Stream> sheetPart)
    {
        Add(zip, "[Content_Types].xml",
            """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Add(zip, "_rels/.rels",
            """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Add(zip, "xl/workbook.xml",
            """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Add(zip, "xl/_rels/workbook.xml.rels",
            """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
        using var part = zip.CreateEntry("xl/worksheets/sheet1.xml").Open();
        sheetPart(part);
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
