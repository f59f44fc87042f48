namespace Dlnet.Fleet;

/// <summary>How to read a fleet when the files alone do not say.</summary>
public sealed record FleetLoadOptions
{
    public static FleetLoadOptions Default { get; } = new();

    /// <summary>
    /// Nominal (rated) capacity in Ah, needed when the data gives measured capacity rather than SOH:
    /// SOH = capacity / nominal. Ignored, with a note in the problems, when the data gives SOH.
    /// </summary>
    public double? NominalCapacity { get; init; }

    /// <summary>
    /// Metadata CSV (<c>cell,...,split</c>) to attach as tags. When null the loader looks for
    /// <c>&lt;stem&gt;_meta.csv</c> beside a <c>&lt;stem&gt;.csv</c>, or <c>cells_meta.csv</c> in a data folder.
    /// </summary>
    public string? MetadataPath { get; init; }
}
