using Dlnet.IO;
using Dlnet.Nn;

namespace Dlnet.ModelFiles;

/// <summary>
/// A network's parameters as a safetensors file: one tensor per <see cref="ParameterTensor"/>, named and
/// shaped as in the <see cref="ParameterStore{T}"/>, in store order.
/// </summary>
public static class ModelWeights
{
    public static void Save(string path, ParameterStore<float> parameters, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = parameters.Tensors.Select(t => new SafeTensor(t.Name, t.Shape, parameters[t].ToArray())).ToArray();
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>
    /// Reads <paramref name="path"/> into <paramref name="parameters"/>. The file must hold exactly the
    /// store's tensors with the store's shapes, which is checked on its header before any value is read;
    /// the store is left untouched when it does not.
    /// </summary>
    /// <exception cref="DataFormatException">The file is malformed or belongs to another architecture or size.</exception>
    public static IReadOnlyDictionary<string, string> Load(string path, ParameterStore<float> parameters)
    {
        var (tensors, metadata) = SafeTensors.Load(path, header => Check(path, header, parameters));
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var t in parameters.Tensors) byName[t.Name].Data.CopyTo(parameters[t]);
        return metadata;
    }

    private static void Check(string path, IReadOnlyList<(string Name, int[] Shape)> header, ParameterStore<float> parameters)
    {
        var byName = header.ToDictionary(t => t.Name, t => t.Shape, StringComparer.Ordinal);
        foreach (var t in parameters.Tensors)
        {
            if (!byName.TryGetValue(t.Name, out var shape))
                throw new DataFormatException(path, null, $"tensor '{t.Name}' missing: the architecture has {parameters.Tensors.Count} tensors ({Names(parameters)})");
            if (!shape.SequenceEqual(t.Shape))
                throw new DataFormatException(path, null, $"tensor '{t.Name}' has shape [{string.Join(',', shape)}] but the architecture needs [{string.Join(',', t.Shape)}]");
        }
        var known = parameters.Tensors.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, _) in header)
        {
            if (!known.Contains(name))
                throw new DataFormatException(path, null, $"tensor '{name}' is not a parameter of this architecture ({Names(parameters)})");
        }
    }

    private static string Names(ParameterStore<float> parameters)
    {
        const int shown = 6;
        var names = parameters.Tensors.Take(shown).Select(t => t.Name);
        return string.Join(", ", names) + (parameters.Tensors.Count > shown ? ", ..." : "");
    }
}
