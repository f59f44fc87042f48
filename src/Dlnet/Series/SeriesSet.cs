using System.Collections;

namespace Dlnet.Series;

/// <summary>
/// An ordered collection of series with unique ids: a fleet of cells, as loaded from one source.
/// </summary>
public sealed class SeriesSet : IReadOnlyList<TimeSeries>
{
    private readonly TimeSeries[] _series;
    private readonly Dictionary<string, int> _index;

    /// <param name="source">Where the series came from (a path, or a description of generated data).</param>
    /// <param name="series">The series; ids must be unique.</param>
    public SeriesSet(string source, IEnumerable<TimeSeries> series)
    {
        Source = source;
        _series = series.ToArray();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _series.Length; i++)
        {
            if (!_index.TryAdd(_series[i].Id, i))
                throw new ArgumentException($"duplicate series id '{_series[i].Id}' in {source}", nameof(series));
        }
    }

    public string Source { get; }

    public int Count => _series.Length;

    public TimeSeries this[int index] => _series[index];

    public TimeSeries this[string id] => _series[_index[id]];

    public bool TryGet(string id, out TimeSeries series)
    {
        if (_index.TryGetValue(id, out int i)) { series = _series[i]; return true; }
        series = null!;
        return false;
    }

    public int IndexOf(string id) => _index.TryGetValue(id, out int i) ? i : -1;

    /// <summary>The distinct split tags in order of first appearance; empty when no series has one.</summary>
    public IReadOnlyList<string> Splits => _series.Select(s => s.Split).OfType<string>().Distinct().ToArray();

    public IEnumerator<TimeSeries> GetEnumerator() => ((IEnumerable<TimeSeries>)_series).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
