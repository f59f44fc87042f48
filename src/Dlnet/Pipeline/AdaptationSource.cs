using Dlnet.IO;
using Dlnet.ModelFiles;

namespace Dlnet.Pipeline;

/// <summary>
/// What <c>dlnet adapt</c> adapts: a trained model folder and, when there is one, the teacher to adapt alongside
/// and distil it from. A run folder gives its final model and its <c>teacher/</c>.
/// </summary>
/// <param name="Kind"><see cref="RunKind"/> or <see cref="ModelKind"/>.</param>
/// <param name="Path">The run or model folder as given.</param>
/// <param name="ModelFolder">The model to adapt (a run's final model).</param>
/// <param name="TeacherFolder">Its teacher, or null to fine-tune the model on the targets alone.</param>
public sealed record AdaptationSource(string Kind, string Path, string ModelFolder, string? TeacherFolder)
{
    public const string RunKind = "run";

    public const string ModelKind = "model";

    /// <summary>The final model and the teacher of a finished run.</summary>
    /// <exception cref="DataFormatException">Not a finished run, or one without a final model.</exception>
    public static AdaptationSource FromRun(string runFolder)
    {
        var folder = new RunFolder(runFolder);
        if (!File.Exists(folder.SummaryPath))
            throw new DataFormatException(runFolder, null, $"not a finished run folder: no {RunFolder.SummaryFileName}");
        var summary = RunSummary.Read(folder.SummaryPath);
        if (summary.Final is not { } final)
            throw new DataFormatException(folder.SummaryPath, null, "the run has no final model (no compressed candidate fit its budget); adapt a model folder with --model");
        // The summary is read from disk: its folder must name a folder inside the run.
        string model = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder.Path, final.Folder));
        if (!model.StartsWith(folder.Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new DataFormatException(folder.SummaryPath, null, $"the final model's folder '{final.Folder}' lies outside the run folder");
        ModelFile.ReadDescription(model);
        ModelFile.ReadDescription(folder.TeacherPath);
        return new AdaptationSource(RunKind, runFolder, model, folder.TeacherPath);
    }

    /// <summary>A model folder, with the teacher to distil it from or none.</summary>
    /// <exception cref="DataFormatException">Not a model folder.</exception>
    public static AdaptationSource FromModel(string modelFolder, string? teacherFolder)
    {
        ModelFile.ReadDescription(modelFolder);
        if (teacherFolder is not null) ModelFile.ReadDescription(teacherFolder);
        return new AdaptationSource(ModelKind, modelFolder, modelFolder, teacherFolder);
    }
}
