using System.Globalization;
using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Fleet;

/// <summary>
/// Loads battery ageing data from any supported form into a <see cref="SeriesSet"/>: one series per cell,
/// SOH per cycle in cycle order, metadata columns as lower-case tags. The form is told by the path:
/// <list type="bullet">
/// <item>a <c>.csv</c> file: long form <c>cell,cycle,soh</c> (or <c>capacity</c>), metadata from <c>&lt;stem&gt;_meta.csv</c> beside it;</item>
/// <item>a <c>.parquet</c> file, or any file that starts and ends with Parquet's magic: the same long form as Parquet, with an
/// optional <c>split</c> column, metadata from <c>&lt;stem&gt;_meta.csv</c> beside it;</item>
/// <item>a <c>.xlsx</c> file: one cell's workbook;</item>
/// <item>a folder with <c>cells.csv</c> or <c>cells.parquet</c>: that file, metadata from <c>cells_meta.csv</c>;</item>
/// <item>a folder of <c>.xlsx</c> workbooks, directly or in <c>xlsx/</c>: the paper's form, metadata from <c>cells_meta.csv</c>;</item>
/// <item>a folder of per-cell CSV files, metadata from <c>cells_meta.csv</c>.</item>
/// </list>
/// Data that cannot be used raises one <see cref="DataFormatException"/> naming the file, line or row and problem.
/// </summary>
public static class FleetLoader
{
    /// <summary>The long CSV a data folder may hold.</summary>
    public const string FolderCsv = "cells.csv";

    /// <summary>The long Parquet file a data folder may hold.</summary>
    public const string FolderParquet = "cells.parquet";

    /// <summary>The subfolder of a data folder that may hold the per-cell workbooks.</summary>
    public const string WorkbookSubfolder = "xlsx";

    public static SeriesSet Load(string path) => Read(path, FleetLoadOptions.Default).Series;

    public static SeriesSet Load(string path, FleetLoadOptions options) => Read(path, options).Series;

    /// <summary>Loads and also returns the form found, the metadata file used and the problems met on the way.</summary>
    public static FleetLoadResult Read(string path, FleetLoadOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        if (options.NominalCapacity is double n && !(n > 0 && double.IsFinite(n)))
            throw new ArgumentOutOfRangeException(nameof(options), n, "nominal capacity must be a positive number");

        var (format, dataPath, defaultMeta) = Locate(path);
        string? metaPath = options.MetadataPath;
        if (metaPath != null && !File.Exists(metaPath))
            throw new DataFormatException(metaPath, null, "no such metadata file");
        if (metaPath == null && defaultMeta != null && File.Exists(defaultMeta)) metaPath = defaultMeta;

        var problems = new List<DataProblem>();
        IReadOnlyList<TimeSeries> cells = format switch
        {
            FleetFormat.LongCsv => LongCsvReader.Read(dataPath, options, problems),
            FleetFormat.LongParquet => LongParquetReader.Read(dataPath, options, problems),
            FleetFormat.CellCsvFolder => CellCsvFolderReader.Read(dataPath, options, problems),
            _ => Directory.Exists(dataPath)
                ? WorkbookFolderReader.Read(dataPath, problems)
                : [WorkbookFolderReader.ReadWorkbook(dataPath, problems)],
        };
        if (format == FleetFormat.WorkbookFolder && options.NominalCapacity is double unused)
            problems.Add(new DataProblem(DataProblemKind.Ignored, null, $"nominal capacity {unused.ToString(CultureInfo.InvariantCulture)} not used: workbooks give SOH directly"));

        if (metaPath != null) cells = AttachMetadata(cells, metaPath, problems);

        return new FleetLoadResult(new SeriesSet(path, cells), format, dataPath, metaPath, problems);
    }

    /// <summary>Which form <paramref name="path"/> holds, the file or folder to read, and where its metadata would be.</summary>
    private static (FleetFormat Format, string DataPath, string? DefaultMeta) Locate(string path)
    {
        if (File.Exists(path))
        {
            string ext = Path.GetExtension(path);
            if (ext.Equals(".csv", StringComparison.OrdinalIgnoreCase))
                return (FleetFormat.LongCsv, path, MetadataReader.BesideCsv(path));
            if (ext.Equals(WorkbookFolderReader.Extension, StringComparison.OrdinalIgnoreCase))
                return (FleetFormat.WorkbookFolder, path, null);
            // A Parquet file under another name is still told by its magic; LongParquetReader refuses a .parquet without it.
            if (ext.Equals(LongParquetReader.Extension, StringComparison.OrdinalIgnoreCase) || LongParquetReader.HasMagic(path))
                return (FleetFormat.LongParquet, path, MetadataReader.BesideCsv(path));
            throw new DataFormatException(path, null,
                $"unknown format '{(ext.Length == 0 ? "(no extension)" : ext)}': give a long CSV (cell,cycle,soh) or Parquet file, a per-cell workbook (.xlsx), or a folder of either");
        }
        if (!Directory.Exists(path))
            throw new DataFormatException(path, null, "no such file or folder");

        string meta = Path.Combine(path, MetadataReader.FolderDefault);
        string csv = Path.Combine(path, FolderCsv);
        if (File.Exists(csv)) return (FleetFormat.LongCsv, csv, meta);
        string parquet = Path.Combine(path, FolderParquet);
        if (File.Exists(parquet)) return (FleetFormat.LongParquet, parquet, meta);
        if (WorkbookFolderReader.Workbooks(path).Length > 0) return (FleetFormat.WorkbookFolder, path, meta);
        string sub = Path.Combine(path, WorkbookSubfolder);
        if (Directory.Exists(sub) && WorkbookFolderReader.Workbooks(sub).Length > 0) return (FleetFormat.WorkbookFolder, sub, meta);
        if (CellCsvFolderReader.CellFiles(path).Length > 0) return (FleetFormat.CellCsvFolder, path, meta);
        throw new DataFormatException(path, null,
            $"unknown format: the folder holds no {FolderCsv} or {FolderParquet}, no per-cell workbooks (*.xlsx, here or in {WorkbookSubfolder}/) and no per-cell CSV files");
    }

    /// <summary>
    /// Tags each cell with its metadata row. Both kinds of mismatch are reported, not fatal: a cell without
    /// a row keeps no tags (so no split), and a row for a cell with no data is left out.
    /// </summary>
    private static TimeSeries[] AttachMetadata(IReadOnlyList<TimeSeries> cells, string metaPath, ICollection<DataProblem> problems)
    {
        var tags = MetadataReader.Read(metaPath);
        var result = new TimeSeries[cells.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            seen.Add(cell.Id);
            if (tags.TryGetValue(cell.Id, out var t)) result[i] = cell with { Tags = WithDataTags(t, cell, metaPath) };
            else
            {
                result[i] = cell;
                problems.Add(new DataProblem(DataProblemKind.MetadataMismatch, cell.Id,
                    $"{cell.Id} has no row in {Path.GetFileName(metaPath)}: it has {(cell.Tags.Count == 0 ? "no tags (no split)" : "only the split of the data file")}"));
            }
        }
        foreach (string id in tags.Keys.Where(id => !seen.Contains(id)))
        {
            problems.Add(new DataProblem(DataProblemKind.MetadataMismatch, id,
                $"{Path.GetFileName(metaPath)} has a row for {id}, which has no data: row ignored"));
        }
        return result;
    }

    // A data file that gives splits (a Parquet split column) and a metadata file must agree on each cell's.
    private static IReadOnlyDictionary<string, string> WithDataTags(IReadOnlyDictionary<string, string> meta, TimeSeries cell, string metaPath)
    {
        if (cell.Tags.Count == 0) return meta;
        var merged = new Dictionary<string, string>(meta, StringComparer.Ordinal);
        foreach (var (name, value) in cell.Tags)
        {
            if (meta.TryGetValue(name, out var other) && other != value)
                throw new DataFormatException(metaPath, null, $"cell {cell.Id} has {name} '{FieldParser.Shown(other)}' here but '{FieldParser.Shown(value)}' in the data file: give one");
            merged[name] = value;
        }
        return merged;
    }
}
