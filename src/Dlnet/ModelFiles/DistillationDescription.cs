using Dlnet.Optimization;

namespace Dlnet.ModelFiles;

/// <summary>How a model was distilled, for <c>model.json</c> (absent for models trained on the targets alone).</summary>
/// <param name="Teacher">Name of the teacher forecaster.</param>
/// <param name="TeacherArchitecture">Its architecture.</param>
/// <param name="TeacherParameterCount">Its trainable scalars.</param>
/// <param name="TeacherValidationMae">Its MAE on the validation windows, in forecast units.</param>
/// <param name="Settings">Schedule, divergence, hidden weight, quantisation-aware training.</param>
/// <param name="FromInitial">Started from a given network (a pruned student, stage 2) rather than fresh weights.</param>
public sealed record DistillationDescription(
    string Teacher, string TeacherArchitecture, int TeacherParameterCount, double TeacherValidationMae,
    DistillationOptions Settings, bool FromInitial);
