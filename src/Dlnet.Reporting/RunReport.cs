using Dlnet.Baselines;
using Dlnet.Fleet;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.Int8;
using Dlnet.ModelFiles;
using Dlnet.Pipeline;
using Dlnet.Scoring;
using Dlnet.Selection;
using Dlnet.Series;
using Dlnet.Splits;

namespace Dlnet.Reporting;

/// <summary>The files a report was written to, and what they show.</summary>
/// <param name="Html">Path of <c>report.html</c>.</param>
/// <param name="Plots">Paths of the separate PNG files under <c>plots/</c>.</param>
/// <param name="Model">The numbers drawn.</param>
public sealed record ReportFiles(string Html, IReadOnlyList<string> Plots, ReportModel Model);

/// <summary>
/// The report of a finished run folder (see the run folder contract): reads <c>summary.json</c> and the
/// teacher and final model folders, draws the report and writes <c>report.html</c> (self-contained) and the
/// same plots as PNG files under <c>plots/</c>. Plots are written first, the page last, each atomically.
/// </summary>
public static class RunReport
{
    public const string FileName = "report.html";

    public const string PlotsFolder = "plots";

    /// <summary>
    /// Writes the report of <paramref name="runFolder"/> over the windows of <paramref name="splits"/> (the run's
    /// <see cref="RunSplits.Deployment"/>). Draws <paramref name="int8"/> first (the final model's integer engine:
    /// what ships), then the final model (from its folder), the teacher and the best classical extrapolation the
    /// summary names.
    /// </summary>
    /// <exception cref="DataFormatException">The summary names no final model, or a model folder it names is missing or unreadable.</exception>
    public static ReportFiles Write(string runFolder, RunSummary summary, ProtocolSplits splits, IForecaster? int8 = null, ReportOptions? options = null)
    {
        // Named as in the summary, so that legends and tables agree with the candidate table.
        var final = Named(ModelFile.Load(summary.FinalFolder(runFolder)), summary.RequireFinal(runFolder).Name);
        var teacher = Named(ModelFile.Load(summary.TeacherFolder(runFolder)), summary.Teacher.Name);
        var forecasters = new List<IForecaster>(int8 is null ? [] : [int8]) { final, teacher };
        if (!BaselineFactory.TryCreate(summary.BestClassical.Name, final.InputLength, final.Horizon, out var classical, out string? problem))
            throw new DataFormatException(Path.Combine(runFolder, RunFolder.SummaryFileName), null, $"best_classical: {problem}");
        forecasters.Add(classical!);

        CandidateCost? teacherCost;
        try { teacherCost = CostModel.Estimate(teacher.Network); }
        catch (NotSupportedException) { teacherCost = null; }

        var o = options ?? new ReportOptions();
        o = o with { Title = o.Title ?? $"DLNet run {Path.GetFileName(Path.GetFullPath(runFolder).TrimEnd(Path.DirectorySeparatorChar))}" };
        var model = ReportBuilder.Build(summary, splits, forecasters, teacherCost, o);
        return Write(runFolder, model);
    }

    /// <summary>Renders <paramref name="model"/> and writes the plots and the page into <paramref name="runFolder"/>.</summary>
    public static ReportFiles Write(string runFolder, ReportModel model)
    {
        var plots = ReportPlots.RenderAll(model);
        string plotsDir = Path.Combine(runFolder, PlotsFolder);
        var paths = new List<string>();
        foreach (var plot in plots)
        {
            string path = Path.Combine(plotsDir, plot.File);
            AtomicFile.WriteAllBytes(path, plot.Png);
            paths.Add(path);
        }
        // plots/ belongs to the report: drop the plots of an earlier report that this one no longer draws.
        var written = paths.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        foreach (string stale in Directory.EnumerateFiles(plotsDir, "*.png").Where(f => !written.Contains(Path.GetFullPath(f))))
            File.Delete(stale);
        string html = Path.Combine(runFolder, FileName);
        AtomicFile.WriteAllText(html, HtmlReport.Render(model, plots));
        return new ReportFiles(html, paths, model);
    }

    /// <summary>
    /// The splits of the run in <paramref name="runFolder"/> on <paramref name="series"/>, decided as the run decided
    /// them: from its <c>config.json</c>, by <see cref="PipelineRunner.Split"/>.
    /// </summary>
    /// <exception cref="DataFormatException">The data is not what the run was trained on (its fingerprint differs), or the folder has no readable config.json.</exception>
    public static RunSplits SplitsOf(string runFolder, RunSummary summary, SeriesSet series)
    {
        string expected = Bare(summary.Data.Fingerprint);
        if (expected.Length > 0 && expected != Bare(DataFingerprint.Compute(series)))
            throw new DataFormatException(series.Source, null,
                $"not the data the run was trained on (its fingerprint differs from {summary.Data.Fingerprint} in {RunFolder.SummaryFileName}); give the run's data with --data");
        var folder = new RunFolder(runFolder);
        if (!File.Exists(folder.ConfigPath))
            throw new DataFormatException(runFolder, null, $"no {RunFolder.ConfigFileName}: the run's splits are decided by its configuration; run the same dlnet run again to write it");
        var config = RunConfigFile.Read(folder.ConfigPath);
        if (RunConfigValidation.Problems(config) is [var problem, ..]) throw new DataFormatException(folder.ConfigPath, null, problem);
        return PipelineRunner.Split(config, series);
    }

    /// <summary>
    /// The final model's integer engine for a report written apart from its run (<c>dlnet report</c>): quantised once,
    /// as the firmware step does (<see cref="Int8Calibration.Forecaster(string, RunSplits, QuantizationSettings?)"/>);
    /// null when the final model has no integer form.
    /// </summary>
    public static QuantizedForecaster? Int8Of(string finalFolder, RunSplits splits) =>
        Int8Calibration.HasIntegerForm(ModelFile.ReadDescription(finalFolder)) ? Int8Calibration.Forecaster(finalFolder, splits) : null;

    /// <summary>The data the summary names: the built-in fleet, or the file or folder at its source path.</summary>
    public static SeriesSet LoadData(RunSummary summary) => FleetSource.Load(summary.Data.Source);

    private static NetworkForecaster Named(NetworkForecaster f, string name) =>
        f.Name == name ? f : new NetworkForecaster(name, f.Network, f.Encoding);

    private static string Bare(string fingerprint) =>
        fingerprint.StartsWith("sha256:", StringComparison.Ordinal) ? fingerprint["sha256:".Length..] : fingerprint;
}
