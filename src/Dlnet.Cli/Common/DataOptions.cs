using System.CommandLine;
using Dlnet.Fleet;
using Dlnet.Series;

namespace Dlnet.Cli.Common;

/// <summary>
/// The data options shared by every command that reads a fleet: <c>--data</c> (omitted: the built-in
/// synthetic fleet, so that a fresh machine has something to run on), <c>--meta</c> and
/// <c>--nominal-capacity</c>.
/// </summary>
public sealed class DataOptions
{
    /// <summary>The value of <c>--data</c> that names the built-in fleet explicitly.</summary>
    public const string BuiltIn = FleetSource.BuiltIn;

    public Option<string?> Data { get; } = new("--data")
    {
        Description = "Data file or folder: long CSV or Parquet (cell,cycle,soh or cell,cycle,capacity), a folder of per-cell CSV files or " +
                      "BatNNN_SOH.xlsx workbooks, or a data folder holding cells.csv. Omitted or 'builtin': the built-in synthetic fleet.",
    };

    public Option<string?> Meta { get; } = new("--meta")
    {
        Description = "Metadata CSV (cell,...,split). Default: <stem>_meta.csv beside <stem>.csv, or cells_meta.csv in a data folder.",
    };

    public Option<double?> NominalCapacity { get; } = new Option<double?>("--nominal-capacity")
    {
        Description = "Nominal capacity for data given as capacity per cycle: SOH = capacity / nominal.",
    }.Within(0, MaxNominalCapacity, excludeLow: true);

    /// <summary>Largest nominal capacity: a million in the capacity column's unit (1000 Ah in mAh).</summary>
    public const double MaxNominalCapacity = 1e6;

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Meta);
        command.Options.Add(NominalCapacity);
    }

    /// <summary>Loads the fleet the options name. Bad data throws <see cref="IO.DataFormatException"/>.</summary>
    public SeriesSet Load(ParseResult parseResult)
    {
        string? path = parseResult.GetValue(Data);
        if (path is null || path == BuiltIn)
            return FleetSource.BuiltInFleet();
        return FleetLoader.Load(path, new FleetLoadOptions { NominalCapacity = parseResult.GetValue(NominalCapacity), MetadataPath = parseResult.GetValue(Meta) });
    }
}
