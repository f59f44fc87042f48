using System.Reflection;
using System.Reflection.Emit;

namespace Dlnet.Tests;

/// <summary>
/// The folders of the source (the namespace under <c>Dlnet</c>: <c>Fleet</c>, <c>Nn</c>, <c>Int8</c>, ...) form
/// layers: read from the compiled assemblies, what each folder's types use (signatures, fields, locals and
/// every type, method and field their IL names) never leads back to the folder itself.
/// </summary>
public sealed class FolderLayeringTests
{
    private static readonly Assembly[] Assemblies =
        [typeof(Dlnet.Nn.INetwork<>).Assembly, typeof(Dlnet.Reporting.RunReport).Assembly, typeof(Dlnet.Cli.ExitCodes).Assembly];

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Graph = new(Build);

    [Fact]
    public void NoFolderReachesItselfThroughAnother()
    {
        var graph = Graph.Value;
        foreach (string start in graph.Keys)
        {
            var path = PathBack(graph, start);
            Assert.True(path is null, path is null ? "" : $"folders in a cycle: {string.Join(" -> ", path)}; " +
                string.Join("; ", path!.Zip(path.Skip(1), (a, b) => $"{a} uses {graph[a][b]}")));
        }
    }

    [Fact]
    public void ArchitecturesSitOnTheNetworksAloneAndTheZooIsUsedByNoFolder()
    {
        var graph = Graph.Value;
        Assert.Equal(["Nn"], graph["Architectures"].Keys);
        Assert.Empty(graph.Where(folder => folder.Value.ContainsKey("Zoo")).Select(folder => $"{folder.Key} uses {folder.Value["Zoo"]}"));
        // The capability folders reach the architectures through the registry, not the other way round.
        foreach (string capability in new[] { "Selection", "Compression", "Int8", "Export" })
            Assert.Contains("Architectures", graph[capability].Keys);
    }

    /// <summary>A path start -> ... -> start, or null.</summary>
    private static List<string>? PathBack(Dictionary<string, Dictionary<string, string>> graph, string start)
    {
        var from = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            string folder = queue.Dequeue();
            foreach (string next in graph.GetValueOrDefault(folder)?.Keys ?? Enumerable.Empty<string>())
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (string f = folder; f != start; f = from[f]) path.Insert(1, f);
                    path.Add(start);
                    return path;
                }
                if (next != start && from.TryAdd(next, folder)) queue.Enqueue(next);
            }
        }
        return null;
    }

    /// <summary>Folder -> folders it uses, each with one example of a use.</summary>
    private static Dictionary<string, Dictionary<string, string>> Build()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var assembly in Assemblies)
        foreach (var type in assembly.GetTypes())
        {
            if (Folder(type) is not string folder) continue;
            var uses = graph.TryGetValue(folder, out var u) ? u : graph[folder] = [];
            foreach (var used in Uses(type))
                if (Folder(used) is string other && other != folder) uses.TryAdd(other, $"{used.FullName} in {type.FullName}");
        }
        return graph;
    }

    /// <summary>The folder of a project type: the namespace part after <c>Dlnet</c>.</summary>
    private static string? Folder(Type type)
    {
        while (type.HasElementType) type = type.GetElementType()!;
        string? ns = type.Namespace;
        if (ns is null || !ns.StartsWith("Dlnet.", StringComparison.Ordinal) || ns.StartsWith("Dlnet.Tests", StringComparison.Ordinal)) return null;
        return ns.Split('.')[1];
    }

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Uses(Type type)
    {
        var found = new List<Type>();
        if (type.BaseType is not null) found.Add(type.BaseType);
        found.AddRange(type.GetInterfaces());
        foreach (var field in type.GetFields(Declared)) found.Add(field.FieldType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo m) found.Add(m.ReturnType);
            found.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method.GetMethodBody() is not { } body) continue;
            found.AddRange(body.LocalVariables.Select(l => l.LocalType));
            found.AddRange(Tokens(method, body.GetILAsByteArray() ?? []));
        }
        return found.SelectMany(Expand);
    }

    /// <summary>A type and every type in its generic arguments and element types.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType)
            foreach (var t in Expand(type.GetElementType()!)) yield return t;
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
            foreach (var t in type.GetGenericArguments().SelectMany(Expand)) yield return t;
    }

    /// <summary>The types named by the IL of <paramref name="method"/>: the types, and the declaring types of the methods and fields, its instructions take.</summary>
    private static IEnumerable<Type> Tokens(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            var op = il[i] == 0xFE ? TwoByte[il[i + 1]] : OneByte[il[i]];
            i += op.Size;
            if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                var member = module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                if (member is Type t) yield return t;
                else if (member?.DeclaringType is { } declaring) yield return declaring;
                if (member is MethodInfo { IsGenericMethod: true } generic)
                    foreach (var argument in generic.GetGenericArguments()) yield return argument;
            }
            i += OperandSize(op.OperandType, il, i);
        }
    }

    private static readonly Dictionary<byte, OpCode> OneByte = OpCodesOfSize(1);

    private static readonly Dictionary<byte, OpCode> TwoByte = OpCodesOfSize(2);

    private static Dictionary<byte, OpCode> OpCodesOfSize(int size) =>
        typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!)
            .Where(op => op.Size == size).ToDictionary(op => (byte)(op.Value & 0xFF));

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
