using Dlnet.Series;

namespace Dlnet.Fleet;

/// <summary>A loaded fleet together with where it came from and what looked odd while reading it.</summary>
/// <param name="Series">One series per cell: SOH per cycle, metadata as lower-case tags.</param>
/// <param name="Format">The form the data was found in.</param>
/// <param name="DataPath">The file or folder the cell data was read from.</param>
/// <param name="MetadataPath">The metadata CSV attached, or null when there was none.</param>
/// <param name="Problems">Usable but worth knowing: cycle gaps, metadata mismatches, unused options.</param>
public sealed record FleetLoadResult(
    SeriesSet Series,
    FleetFormat Format,
    string DataPath,
    string? MetadataPath,
    IReadOnlyList<DataProblem> Problems);
