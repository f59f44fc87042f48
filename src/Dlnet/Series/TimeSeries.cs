namespace Dlnet.Series;

/// <summary>
/// One unit's history: a target value per step and optional covariates per step. For a battery the
/// unit is a cell, the step a cycle and the target its state of health; the numeric core knows none of that.
/// </summary>
/// <param name="Id">Unique name of the unit (a cell id such as <c>Bat001</c>).</param>
/// <param name="Values">Target value per step, in step order.</param>
/// <param name="Tags">Metadata such as <c>split</c>, <c>batch</c>, <c>policy</c>; keys are lower case.</param>
public sealed record TimeSeries(string Id, double[] Values, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Extra per-step features by name, each as long as <see cref="Values"/>; empty when the source has none.</summary>
    public IReadOnlyDictionary<string, double[]> Covariates { get; init; } = Empty;

    private static readonly IReadOnlyDictionary<string, double[]> Empty = new Dictionary<string, double[]>();
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    public TimeSeries(string id, double[] values) : this(id, values, NoTags) { }

    public int Length => Values.Length;

    /// <summary>The <c>split</c> tag (for example <c>train</c>, <c>test1</c>), or null when the source names none.</summary>
    public string? Split => Tags.TryGetValue(TagNames.Split, out var s) ? s : null;
}

/// <summary>Tag keys with a meaning to the pipeline.</summary>
public static class TagNames
{
    public const string Split = "split";
}
