using Dlnet.IO;
using Dlnet.Series;

namespace Dlnet.Fleet;

/// <summary>
/// Collects one cell's SOH values as rows arrive, checking that cycle numbers strictly increase and
/// counting gaps in them. Gaps are allowed (a cycler may skip logging a cycle); the series keeps the
/// measured cycles back to back and the gap is reported as a problem.
/// </summary>
internal sealed class CellSeriesBuilder(string id, string file)
{
    private readonly List<double> _soh = [];
    private int _lastCycle = -1;
    private int _lastLine;
    private int _gaps;
    private int _missingCycles;
    private (int After, int Next) _firstGap;

    public string Id { get; } = id;

    public int Count => _soh.Count;

    public void Add(int cycle, double soh, DataLocation at)
    {
        if (_soh.Count > 0)
        {
            string where = at.IsRow ? "row" : "line";
            if (cycle == _lastCycle)
                throw at.Error($"duplicate cycle {cycle} of cell {Id} (already on {where} {_lastLine}): keep one row per cycle");
            if (cycle < _lastCycle)
                throw at.Error($"cycle {cycle} of cell {Id} comes after cycle {_lastCycle} ({where} {_lastLine}): cycles must increase; sort the rows by cell and cycle");
            if (cycle > _lastCycle + 1)
            {
                if (_gaps == 0) _firstGap = (_lastCycle, cycle);
                _gaps++;
                _missingCycles += cycle - _lastCycle - 1;
            }
        }
        if (_soh.Count == DataLimits.MaxCyclesPerCell)
            throw at.Error($"cell {Id} has more than {DataLimits.MaxCyclesPerCell:N0} cycles, the most a cell may hold");
        _soh.Add(soh);
        _lastCycle = cycle;
        _lastLine = at.Number;
    }

    /// <summary>The finished series (untagged); adds a <see cref="DataProblemKind.CycleGap"/> problem when cycles were skipped.</summary>
    public TimeSeries Build(ICollection<DataProblem> problems)
    {
        if (_soh.Count == 0)
            throw new DataFormatException(file, null, $"cell {Id} has no rows: give at least one cycle or remove the cell");
        if (_gaps > 0)
        {
            problems.Add(new DataProblem(DataProblemKind.CycleGap, Id,
                $"{Id}: {_missingCycles} cycle number(s) missing in {_gaps} gap(s), first after cycle {_firstGap.After} (next is {_firstGap.Next}); the series joins the cycles on either side"));
        }
        return new TimeSeries(Id, _soh.ToArray());
    }
}
