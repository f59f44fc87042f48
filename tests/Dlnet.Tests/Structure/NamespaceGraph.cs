using System.Reflection;
using System.Reflection.Emit;

namespace Dlnet.Tests.Structure;

/// <summary>
/// Which namespaces of an assembly use which, read from the compiled code: signatures, base types,
/// attributes and every type, method and field token in the method bodies, so that a dependency
/// written with a fully qualified name counts as much as one behind a using.
/// </summary>
internal static class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Edges between namespaces starting with <paramref name="prefix"/>, from the types of <paramref name="assemblies"/>.</summary>
    public static Dictionary<string, HashSet<string>> Of(IEnumerable<Assembly> assemblies, string prefix)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        foreach (var type in assembly.GetTypes())
        {
            string? from = NamespaceOf(type);
            if (from is null || !from.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var used = new HashSet<Type>();
            Collect(type, used);
            foreach (var t in used)
            {
                string? to = NamespaceOf(t);
                if (to is null || to == from || !to.StartsWith(prefix, StringComparison.Ordinal)) continue;
                if (!edges.TryGetValue(from, out var set)) edges[from] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(to);
            }
        }
        return edges;
    }

    /// <summary>Groups of two or more namespaces that reach each other (Tarjan's strongly connected components).</summary>
    public static List<List<string>> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>(); var low = new Dictionary<string, int>();
        var stack = new Stack<string>(); var onStack = new HashSet<string>(); var cycles = new List<List<string>>();
        int next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++; stack.Push(v); onStack.Add(v);
            foreach (var w in edges.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) cycles.Add([.. component.Order(StringComparer.Ordinal)]);
        }
        foreach (var v in edges.Keys.Concat(edges.Values.SelectMany(s => s)).Distinct().Order(StringComparer.Ordinal))
            if (!index.ContainsKey(v)) Visit(v);
        return cycles;
    }

    private static string? NamespaceOf(Type type)
    {
        while (type.IsNested) type = type.DeclaringType!;
        return type.Namespace;
    }

    private static void Collect(Type type, HashSet<Type> used)
    {
        Add(type.BaseType, used);
        foreach (var i in type.GetInterfaces()) Add(i, used);
        foreach (var a in type.GetCustomAttributesData()) Add(a.AttributeType, used);
        foreach (var f in type.GetFields(Declared)) Add(f.FieldType, used);
        foreach (var p in type.GetProperties(Declared)) Add(p.PropertyType, used);
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType, used);
            foreach (var p in m.GetParameters()) Add(p.ParameterType, used);
            Body(m, used);
        }
    }

    private static void Add(Type? type, HashSet<Type> used)
    {
        if (type is null || type.IsGenericParameter || !used.Add(type)) return;
        if (type.HasElementType) Add(type.GetElementType(), used);
        if (type.IsGenericType) foreach (var a in type.GetGenericArguments()) Add(a, used);
    }

    /// <summary>The types named by the tokens of a method body.</summary>
    private static void Body(MethodBase method, HashSet<Type> used)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (BadImageFormatException) { return; }
        if (il is null) return;
        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var local in method.GetMethodBody()!.LocalVariables) Add(local.LocalType, used);
        int at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            var op = OpCodesByValue[value];
            at += op.Size;
            int operand = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, at);
                try
                {
                    switch (module.ResolveMember(token, typeArgs, methodArgs))
                    {
                        case Type t: Add(t, used); break;
                        case MethodBase m:
                            Add(m.DeclaringType, used);
                            if (m is MethodInfo mi) { Add(mi.ReturnType, used); if (mi.IsGenericMethod) foreach (var g in mi.GetGenericArguments()) Add(g, used); }
                            break;
                        case FieldInfo f: Add(f.DeclaringType, used); Add(f.FieldType, used); break;
                    }
                }
                catch (ArgumentException) { }
            }
            at += operand;
        }
    }
}
