using Dlnet.IO;

namespace Dlnet.Fleet;

/// <summary>A place in an input file, to build errors that say where: a CSV line or a workbook row.</summary>
internal readonly record struct DataLocation(string File, int Number, bool IsRow)
{
    public static DataLocation Line(string file, int line) => new(file, line, IsRow: false);

    public static DataLocation Row(string file, int row) => new(file, row, IsRow: true);

    public DataFormatException Error(string problem) =>
        IsRow ? DataFormatException.AtRow(File, Number, problem) : new DataFormatException(File, Number, problem);
}
