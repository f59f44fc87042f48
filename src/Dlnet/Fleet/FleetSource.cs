using Dlnet.Series;

namespace Dlnet.Fleet;

/// <summary>
/// A fleet named as the commands and run files name it: <c>builtin</c> (the synthetic fleet every fresh machine
/// has, <see cref="SyntheticFleetOptions.Default"/>) or the path of a file or folder that <see cref="FleetLoader"/> reads.
/// </summary>
public static class FleetSource
{
    public const string BuiltIn = "builtin";

    /// <summary>The built-in synthetic fleet.</summary>
    public static SeriesSet BuiltInFleet() => SyntheticFleet.Generate(SyntheticFleetOptions.Default);

    /// <summary>The fleet <paramref name="source"/> names; null or empty is the built-in fleet.</summary>
    /// <exception cref="IO.DataFormatException">The data at the path cannot be used.</exception>
    public static SeriesSet Load(string? source, FleetLoadOptions? options = null) =>
        string.IsNullOrEmpty(source) || source == BuiltIn ? BuiltInFleet() : FleetLoader.Load(source, options ?? FleetLoadOptions.Default);
}
