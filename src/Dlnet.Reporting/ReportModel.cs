using Dlnet.Firmware;
using Dlnet.Pipeline;
using Dlnet.Scoring;

namespace Dlnet.Reporting;

/// <summary>
/// Everything the run report shows, as numbers and names: what <see cref="ReportBuilder"/> computes from
/// the run summary, the data and the forecasters, and what the renderers draw. Holds no images.
/// </summary>
/// <param name="Title">Heading of the report.</param>
/// <param name="Overview">The run in a few facts.</param>
/// <param name="FinalModel">Name of the model the run chose.</param>
/// <param name="Headline">What ships: the deployed model against the best classical extrapolation and the teacher, and its cost.</param>
/// <param name="Labels">What the plots call each forecaster (by its name): its role in the run, such as "final model, int8 (deployed)".</param>
/// <param name="FlashFront">Error against flash bytes.</param>
/// <param name="LatencyFront">Error against estimated latency.</param>
/// <param name="PaperPanels">The paper's fixed segments (split <c>paper16</c>), empty when the data has none.</param>
/// <param name="TestPanels">A sample of windows of the test cells.</param>
/// <param name="Horizon">MAE per horizon step on the pooled test windows.</param>
/// <param name="Classical">The classical family per split and the member chosen as the reference.</param>
/// <param name="Metrics">Metrics of the final model (int8 first once deployed), the teacher and the baselines per split, from the summary.</param>
/// <param name="Candidates">Every candidate of the search.</param>
/// <param name="Ablation">What each stage of the method adds, per split.</param>
/// <param name="Deployment">The deployed firmware, or null when the run was not deployed.</param>
public sealed record ReportModel(
    string Title,
    IReadOnlyList<(string Label, string Value)> Overview,
    string FinalModel,
    ReportHeadline Headline,
    IReadOnlyDictionary<string, string> Labels,
    ParetoChart FlashFront,
    ParetoChart LatencyFront,
    IReadOnlyList<PredictionPanel> PaperPanels,
    IReadOnlyList<PredictionPanel> TestPanels,
    HorizonChart Horizon,
    IReadOnlyList<EvaluationRow> Metrics,
    ClassicalTable Classical,
    IReadOnlyList<CandidateRecord> Candidates,
    IReadOnlyList<AblationRow> Ablation,
    DeploymentReport? Deployment)
{
    /// <summary>The label of the forecaster named <paramref name="name"/> in plots: its role when it has one, else its name.</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var label) ? label : name;
}

/// <summary>Where a model comes from in the method: drawn with its own marker.</summary>
public enum ModelStage
{
    Teacher,
    Stage1,
    Compressed,
    Stage2,
}

/// <summary>One model on a Pareto chart: its error against one cost.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Stage">Where it comes from.</param>
/// <param name="Cost">The cost drawn (bytes or milliseconds).</param>
/// <param name="CostLow">The optimistic end of the cost when it is a range (latency), else equal to <paramref name="Cost"/>.</param>
/// <param name="Error">The error drawn (MAE in SOH).</param>
/// <param name="IsFinal">The model the run chose.</param>
public sealed record ParetoPoint(string Name, ModelStage Stage, double Cost, double CostLow, double Error, bool IsFinal);

/// <summary>Models as error against one cost, with the front of the candidates.</summary>
/// <param name="File">File name of the plot under <c>plots/</c>.</param>
/// <param name="Title">Plot title.</param>
/// <param name="CostLabel">Label of the cost axis.</param>
/// <param name="ErrorLabel">Label of the error axis.</param>
/// <param name="Points">Teacher and candidates.</param>
/// <param name="Front">The candidates no other candidate beats in both cost and error, by increasing cost.</param>
/// <param name="Budget">The budget on this cost, or null.</param>
/// <param name="Note">A caveat printed under the plot, or null.</param>
public sealed record ParetoChart(string File, string Title, string CostLabel, string ErrorLabel,
    IReadOnlyList<ParetoPoint> Points, IReadOnlyList<ParetoPoint> Front, double? Budget, string? Note);

/// <summary>One window: the history, the truth and each forecaster's forecast, against cycle number.</summary>
/// <param name="File">File name of the plot under <c>plots/</c>.</param>
/// <param name="Title">Cell and cycles.</param>
/// <param name="Cell">Cell id.</param>
/// <param name="FirstCycle">Cycle number (1-based position in the series) of the first history value.</param>
/// <param name="History">The W values the forecasters read.</param>
/// <param name="Truth">The H values that followed.</param>
/// <param name="Forecasts">Forecaster name and its H values, in the order given to the report.</param>
public sealed record PredictionPanel(string File, string Title, string Cell, int FirstCycle, double[] History, double[] Truth,
    IReadOnlyList<NamedCurve> Forecasts)
{
    /// <summary>MAE of each forecast over this window.</summary>
    public IReadOnlyList<(string Name, double Mae)> Errors =>
        Forecasts.Select(f => (f.Name, f.Values.Zip(Truth, (p, t) => Math.Abs(p - t)).Average())).ToArray();
}

/// <summary>A named curve of values (a forecast, or an error per step).</summary>
public sealed record NamedCurve(string Name, double[] Values);

/// <summary>MAE against horizon step, one curve per forecaster, on the pooled test windows.</summary>
/// <param name="File">File name of the plot under <c>plots/</c>.</param>
/// <param name="Split">Which windows: the names of the pooled report splits.</param>
/// <param name="Windows">How many windows.</param>
/// <param name="Curves">MAE at steps 1..H per forecaster.</param>
/// <param name="Overall">Each forecaster's metrics on those windows.</param>
public sealed record HorizonChart(string File, string Split, int Windows, IReadOnlyList<NamedCurve> Curves, IReadOnlyList<EvaluationRow> Overall);

/// <summary>The classical family's MAE per split, from the summary, and the member every comparison uses.</summary>
/// <param name="Chosen">Name of the reference.</param>
/// <param name="ChosenOn">The split it was chosen on (<c>validation</c>).</param>
/// <param name="Rows">Every member on every split the summary holds, in family order.</param>
public sealed record ClassicalTable(string Chosen, string ChosenOn, IReadOnlyList<EvaluationRow> Rows)
{
    /// <summary>The splits scored, in order of first appearance.</summary>
    public IReadOnlyList<string> Splits => [.. Rows.Select(r => r.Split).Distinct()];

    /// <summary>The members, in family order.</summary>
    public IReadOnlyList<string> Members => [.. Rows.Select(r => r.Predictor).Distinct()];

    public double? Mae(string member, string split) => Rows.FirstOrDefault(r => r.Predictor == member && r.Split == split)?.Mae;
}
