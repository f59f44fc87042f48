using System.Reflection;

namespace Dlnet.Firmware;

/// <summary>The DLNet version written into generated files and reports (the package version, without build metadata).</summary>
public static class ToolVersion
{
    public static string Current { get; } = Read();

    static string Read()
    {
        string? v = typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(v)) return typeof(ToolVersion).Assembly.GetName().Version?.ToString(3) ?? "unknown";
        int plus = v.IndexOf('+');
        return plus < 0 ? v : v[..plus];
    }
}
