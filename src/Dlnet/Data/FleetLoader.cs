using Dlnet.IO;
using Dlnet.Series;
using nietras.SeparatedValues;

namespace Dlnet.Data;

/// <summary>
/// Loads battery ageing data from any supported form into a <see cref="SeriesSet"/> of SOH per cycle.
/// (First cut: long CSV <c>cell,cycle,soh</c> with an optional <c>cells_meta.csv</c> beside it.)
/// </summary>
public static class FleetLoader
{
    public static SeriesSet Load(string path)
    {
        string csv = Directory.Exists(path) ? Path.Combine(path, "cells.csv") : path;
        if (!File.Exists(csv)) throw new DataFormatException(path, null, "no such file or folder");
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var order = new List<string>();
        using (var reader = Sep.Reader().FromFile(csv))
        {
            foreach (var row in reader)
            {
                string cell = row["cell"].ToString();
                if (!values.TryGetValue(cell, out var list)) { values[cell] = list = []; order.Add(cell); }
                list.Add(row["soh"].Parse<double>());
            }
        }
        var tags = new Dictionary<string, Dictionary<string, string>>();
        string meta = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csv))!, "cells_meta.csv");
        if (File.Exists(meta))
        {
            using var reader = Sep.Reader().FromFile(meta);
            foreach (var row in reader)
            {
                var t = new Dictionary<string, string>();
                for (int i = 0; i < reader.Header.ColNames.Count; i++)
                {
                    string name = reader.Header.ColNames[i];
                    if (name != "cell") t[name.ToLowerInvariant()] = row[i].ToString();
                }
                tags[row["cell"].ToString()] = t;
            }
        }
        return new SeriesSet(path, order.Select(id =>
            new TimeSeries(id, values[id].ToArray(), tags.TryGetValue(id, out var t) ? t : new Dictionary<string, string>())));
    }
}
