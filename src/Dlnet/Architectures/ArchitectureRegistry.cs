using System.Text.RegularExpressions;

namespace Dlnet.Architectures;

/// <summary>
/// Every architecture of the toolkit, found once by looking for the types that implement
/// <see cref="IArchitecture"/> in this assembly; nothing lists them by hand. The steps that serve only some
/// architectures (pruning, quantisation-aware training, ONNX, the integer graph) ask an architecture
/// whether it implements their interface, so no step switches on architecture names or network types.
/// </summary>
public static partial class ArchitectureRegistry
{
    private static readonly IArchitecture[] Registered = Discover();

    /// <summary>All architectures, by name.</summary>
    public static IReadOnlyList<IArchitecture> All => Registered;

    /// <summary>Their names, in the same order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Registered.Select(a => a.Name)];

    /// <summary>The architecture called <paramref name="name"/>, or null.</summary>
    public static IArchitecture? Find(string name) => Array.Find(Registered, a => a.Name == name);

    /// <exception cref="ArgumentException">No architecture has that name.</exception>
    public static IArchitecture Named(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown architecture '{name}' (expected one of: {string.Join(", ", Names)})", nameof(name));

    /// <summary>The architecture called <paramref name="architecture"/> when it has the capability <typeparamref name="TCapability"/>, or null.</summary>
    public static TCapability? Find<TCapability>(string architecture) where TCapability : class => Find(architecture) as TCapability;

    /// <summary>The architectures with the capability <typeparamref name="TCapability"/> in words, for messages: "the mlp, student and teacher architectures".</summary>
    public static string Listed<TCapability>() where TCapability : class
    {
        var names = Registered.Where(a => a is TCapability).Select(a => a.Name).ToArray();
        return names.Length switch
        {
            0 => "no architecture",
            1 => $"the {names[0]} architecture",
            _ => $"the {string.Join(", ", names[..^1])} and {names[^1]} architectures",
        };
    }

    private static IArchitecture[] Discover()
    {
        var found = typeof(IArchitecture).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IArchitecture).IsAssignableFrom(t))
            .Select(t => (IArchitecture)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToArray();
        // The name becomes folder names, file contents and C comments: only a plain identifier, and once.
        foreach (var a in found)
            if (!NamePattern().IsMatch(a.Name)) throw new InvalidOperationException($"{a.GetType().Name}: architecture name '{a.Name}' is not lower-case letters and digits");
        foreach (var twice in found.GroupBy(a => a.Name).Where(g => g.Count() > 1))
            throw new InvalidOperationException($"architecture name '{twice.Key}' is taken by {string.Join(" and ", twice.Select(a => a.GetType().Name))}");
        return found;
    }

    [GeneratedRegex("^[a-z][a-z0-9]*$")]
    private static partial Regex NamePattern();
}
