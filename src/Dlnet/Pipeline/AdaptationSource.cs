using Dlnet.IO;
using Dlnet.ModelFiles;

namespace Dlnet.Pipeline;

/// <summary>
/// What <c>dlnet adapt</c> adapts: a trained model folder and, when there is one, the teacher to adapt alongside
/// and distil it from. A run folder gives its final model and its <c>teacher/</c>, and the rest of its final front in
/// case the front end the new measurements need does not fit the final model within the run's budget.
/// </summary>
/// <param name="Kind"><see cref="RunKind"/> or <see cref="ModelKind"/>.</param>
/// <param name="Path">The run or model folder as given.</param>
/// <param name="ModelFolders">The models that may be adapted, in order of preference: the run's final model (or the model
/// folder given) first, then the other members of the run's final front within its budget, by validation MAE.</param>
/// <param name="TeacherFolder">Its teacher, or null to fine-tune the model on the targets alone.</param>
/// <param name="Budget">The device limits the adapted model is deployed under: the run's own, or the defaults for a model folder.</param>
public sealed record AdaptationSource(string Kind, string Path, IReadOnlyList<string> ModelFolders, string? TeacherFolder, BudgetConfig Budget)
{
    public const string RunKind = "run";

    public const string ModelKind = "model";

    /// <summary>The model to adapt when its front end fits: the run's final model, or the model folder given.</summary>
    public string ModelFolder => ModelFolders[0];

    /// <summary>The final model, the rest of the final front and the teacher of a finished run.</summary>
    /// <exception cref="DataFormatException">Not a finished run, or one without a final model.</exception>
    public static AdaptationSource FromRun(string runFolder)
    {
        var folder = new RunFolder(runFolder);
        if (!File.Exists(folder.SummaryPath))
            throw new DataFormatException(runFolder, null, $"not a finished run folder: no {RunFolder.SummaryFileName}");
        var summary = RunSummary.Read(folder.SummaryPath);
        if (summary.Final is not { } final)
            throw new DataFormatException(folder.SummaryPath, null, "the run has no final model (no compressed candidate fit its budget); adapt a model folder with --model");
        var others = summary.Front.Final
            .Where(name => name != final.Name)
            .Select(summary.Candidate)
            .OfType<CandidateRecord>()
            .Where(c => c.WithinBudget && c.ValidationMae is double mae && double.IsFinite(mae))
            .OrderBy(c => c.ValidationMae)
            .Select(c => c.Folder);
        var models = new[] { final.Folder }.Concat(others).Select(f => Inside(folder, f)).ToArray();
        foreach (string model in models) ModelFile.ReadDescription(model);
        ModelFile.ReadDescription(folder.TeacherPath);
        return new AdaptationSource(RunKind, runFolder, models, folder.TeacherPath, BudgetOf(folder));
    }

    /// <summary>A model folder, with the teacher to distil it from or none.</summary>
    /// <exception cref="DataFormatException">Not a model folder.</exception>
    public static AdaptationSource FromModel(string modelFolder, string? teacherFolder)
    {
        ModelFile.ReadDescription(modelFolder);
        if (teacherFolder is not null) ModelFile.ReadDescription(teacherFolder);
        return new AdaptationSource(ModelKind, modelFolder, [modelFolder], teacherFolder, new BudgetConfig());
    }

    /// <summary>A model folder the summary names, which, read from disk, must lie inside the run.</summary>
    static string Inside(RunFolder run, string relative)
    {
        string model = System.IO.Path.GetFullPath(System.IO.Path.Combine(run.Path, relative));
        if (!model.StartsWith(run.Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new DataFormatException(run.SummaryPath, null, $"the model folder '{relative}' lies outside the run folder");
        return model;
    }

    /// <summary>The budget the run chose its final model under (its <c>config.json</c>).</summary>
    /// <exception cref="DataFormatException">No readable configuration, or limits that are not limits.</exception>
    static BudgetConfig BudgetOf(RunFolder folder)
    {
        if (!File.Exists(folder.ConfigPath))
            throw new DataFormatException(folder.Path, null, $"not a finished run folder: no {RunFolder.ConfigFileName}");
        var config = RunConfigFile.Read(folder.ConfigPath);
        if (RunConfigValidation.Problems(config).FirstOrDefault(p => p.StartsWith("budget.", StringComparison.Ordinal)) is { } problem)
            throw new DataFormatException(folder.ConfigPath, null, problem);
        return config.Budget;
    }
}
