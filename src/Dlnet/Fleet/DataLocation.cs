using System.Globalization;
using Dlnet.IO;

namespace Dlnet.Fleet;

/// <summary>
/// A place in an input file, to build errors that say where: a CSV line, a workbook row, or a row of a Parquet
/// file within its row group (<see cref="Group"/> and <see cref="Groups"/>, 1-based; the row counts from 1 over the
/// whole file, as a CSV line would without the header).
/// </summary>
internal readonly record struct DataLocation(string File, int Number, bool IsRow, int Group = 0, int Groups = 0)
{
    public static DataLocation Line(string file, int line) => new(file, line, IsRow: false);

    public static DataLocation Row(string file, int row) => new(file, row, IsRow: true);

    /// <summary>The file as a whole: its schema or column names.</summary>
    public static DataLocation WholeFile(string file) => new(file, 0, IsRow: false);

    public static DataLocation RowInGroup(string file, int row, int group, int groups) => new(file, row, IsRow: true, group, groups);

    public DataFormatException Error(string problem)
    {
        if (Group > 0)
            return new DataFormatException(File, null, string.Create(CultureInfo.InvariantCulture, $"row group {Group} of {Groups}, row {Number}: {problem}"));
        if (Number == 0) return new DataFormatException(File, null, problem);
        return IsRow ? DataFormatException.AtRow(File, Number, problem) : new DataFormatException(File, Number, problem);
    }
}
