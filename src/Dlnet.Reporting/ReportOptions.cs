namespace Dlnet.Reporting;

/// <summary>Choices of what the run report shows.</summary>
public sealed record ReportOptions
{
    /// <summary>Split whose MAE the Pareto charts plot: <c>validation</c> (what the search chose on) or a report split.</summary>
    public string ParetoSplit { get; init; } = "validation";

    /// <summary>Test cells drawn as prediction panels (one window each).</summary>
    public int TestPanels { get; init; } = 8;

    /// <summary>Heading of the report; the run folder's name when null.</summary>
    public string? Title { get; init; }
}
