using System.Globalization;

namespace Dlnet.Fleet;

/// <summary>
/// How a file's value column becomes state of health: read as SOH, or measured capacity divided by the
/// nominal capacity. Every value must land in (0, 1.5]; anything else is a unit or scaling mistake.
/// </summary>
internal sealed class SohScale
{
    public const string SohColumn = "soh";
    public const string CapacityColumn = "capacity";
    public const double MaxSoh = 1.5;

    private readonly double _nominal;

    private SohScale(string column, double nominal)
    {
        Column = column;
        _nominal = nominal;
    }

    public static SohScale Direct { get; } = new(SohColumn, 1.0);

    /// <summary>The column name in the file: <c>soh</c> or <c>capacity</c>.</summary>
    public string Column { get; }

    public bool IsCapacity => Column == CapacityColumn;

    /// <summary>
    /// Picks the value column from a header (names already lower case) and returns its index. Exactly one
    /// of <c>soh</c> and <c>capacity</c> must be present; capacity needs a nominal capacity. Errors name
    /// <c>header</c> as where the names are: line 1 of a CSV unless given.
    /// </summary>
    public static SohScale FromHeader(IReadOnlyDictionary<string, int> columns, string file, FleetLoadOptions options,
        ICollection<DataProblem> problems, out int index, DataLocation? header = null)
    {
        bool hasSoh = columns.TryGetValue(SohColumn, out int sohIndex);
        bool hasCapacity = columns.TryGetValue(CapacityColumn, out int capacityIndex);
        var at = header ?? DataLocation.Line(file, 1);
        if (hasSoh && hasCapacity)
            throw at.Error("has both 'soh' and 'capacity' columns: keep one");
        if (!hasSoh && !hasCapacity)
            throw at.Error($"missing column 'soh' (or 'capacity' with a nominal capacity); {(header is null ? "the header has" : "the file has")} {CsvFile.Describe(columns)}");
        if (hasSoh)
        {
            if (options.NominalCapacity is double unused && !problems.Any(p => p.Kind == DataProblemKind.Ignored))
                problems.Add(new DataProblem(DataProblemKind.Ignored, null,
                    $"nominal capacity {unused.ToString(CultureInfo.InvariantCulture)} not used: {file} gives SOH directly"));
            index = sohIndex;
            return Direct;
        }
        if (options.NominalCapacity is not double nominal)
            throw at.Error("gives 'capacity' but no nominal capacity is set: give the cells' nominal capacity (--nominal-capacity, in the same unit) so that SOH = capacity / nominal");
        index = capacityIndex;
        return new SohScale(CapacityColumn, nominal);
    }

    /// <summary>The SOH for one value of the column, checked against (0, 1.5].</summary>
    public double ToSoh(double value, DataLocation at)
    {
        double soh = IsCapacity ? value / _nominal : value;
        if (soh > 0 && soh <= MaxSoh) return soh;
        string v = value.ToString("R", CultureInfo.InvariantCulture);
        throw IsCapacity
            ? at.Error($"SOH {soh.ToString("G6", CultureInfo.InvariantCulture)} (capacity {v} / nominal {_nominal.ToString(CultureInfo.InvariantCulture)}) is outside (0, {MaxSoh}]: check the nominal capacity and the capacity unit")
            : at.Error($"SOH {v} is outside (0, {MaxSoh}]: SOH is a fraction of nominal capacity (1.0 = new); a percentage must be divided by 100");
    }
}
