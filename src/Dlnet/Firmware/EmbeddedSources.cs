namespace Dlnet.Firmware;

/// <summary>
/// The C sources that travel inside the library: the runtime (<c>runtime/</c> of the repository, every kernel and
/// header) and the deployment's support programs (the verification harness and the size probe).
/// </summary>
internal static class EmbeddedSources
{
    const string RuntimePrefix = "runtime/";
    const string NativePrefix = "native/";

    /// <summary>File name to text of every runtime header and source, in name order.</summary>
    public static IReadOnlyList<(string Name, string Text)> Runtime() =>
    [
        .. typeof(EmbeddedSources).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(RuntimePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[RuntimePrefix.Length..], Read(n))),
    ];

    /// <summary>The text of a support program (<c>dlnet_verify.c</c>, <c>dlnet_size_probe.c</c>).</summary>
    public static string Native(string name) => Read(NativePrefix + name);

    static string Read(string resource)
    {
        using var stream = typeof(EmbeddedSources).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the library was built without its embedded C source '{resource}'");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
