using Dlnet.Nn;

namespace Dlnet.Optimization;

/// <summary>
/// The distillation loss as a training objective, per batch of n windows of horizon H:
/// <code>
/// L = lambda * task(y_s, y) + (1 - lambda) * D(y_s, y_t) + HiddenWeight * mean |P z_s + c - z_t|^2
/// </code>
/// task the run's regression loss per value, D mean squared difference per value or 1 - cosine per
/// window, all on encoded outputs (the teacher's forecasts encoded with the student's encoding), the
/// hidden mean over windows and teacher units. lambda follows the schedule of
/// <see cref="DistillationOptions.LambdaAt"/> per epoch. The projection (P, c) is the objective's own
/// parameters, trained with the student.
/// </summary>
public sealed class DistillationObjective : ITrainingObjective
{
    private readonly DistillationOptions _options;
    private readonly int _epochs;
    private readonly int _horizon;
    private readonly RegressionLoss _task;
    private readonly float[] _teacherOutputs;
    private readonly float[]? _teacherLatents;
    private readonly LatentProjection<float>? _projection;
    private readonly ILatentNetwork<float>? _student;

    /// <param name="options">Schedule, divergence and hidden weight.</param>
    /// <param name="epochs">Planned epochs, over which lambda moves.</param>
    /// <param name="task">Loss between outputs and encoded targets.</param>
    /// <param name="horizon">Outputs per window, H.</param>
    /// <param name="teacherOutputs">Teacher forecasts of every training window, encoded like the targets (count x H).</param>
    /// <param name="student">The network trained; must have a latent state (<see cref="ILatentNetwork{T}"/>) when the hidden term is on.</param>
    /// <param name="teacherLatents">The teacher's latent state per training window (count x teacher size), for the hidden term.</param>
    /// <param name="teacherLatentSize">Teacher latent units.</param>
    /// <param name="projectionSeed">Seed of the projection's initial weights.</param>
    public DistillationObjective(DistillationOptions options, int epochs, RegressionLoss task, int horizon, float[] teacherOutputs,
        INetwork<float> student, float[]? teacherLatents = null, int teacherLatentSize = 0, int projectionSeed = 0)
    {
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        _options = options;
        _epochs = epochs;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        _horizon = horizon;
        _task = task;
        _teacherOutputs = teacherOutputs;
        if (options.HiddenWeight > 0)
        {
            _student = student as ILatentNetwork<float>
                ?? throw new ArgumentException($"the hidden term matches latent states, which a '{student.Architecture}' network does not have; set HiddenWeight to 0");
            if (teacherLatents is null || teacherLatentSize <= 0)
                throw new ArgumentException("the hidden term needs the teacher's latent states, which this teacher does not have; set HiddenWeight to 0");
            _teacherLatents = teacherLatents;
            _projection = new LatentProjection<float>(_student.LatentSize, teacherLatentSize);
            _projection.Initialize(projectionSeed);
        }
        Lambda = options.LambdaAt(0, epochs);
    }

    public string Name => "distillation";

    /// <summary>The task weight of the current epoch.</summary>
    public double Lambda { get; private set; }

    /// <summary>The projection of the hidden term, or null without it.</summary>
    public LatentProjection<float>? Projection => _projection;

    public ParameterStore<float>? Parameters => _projection?.Parameters;

    public void BeginEpoch(int epoch) => Lambda = _options.LambdaAt(epoch, _epochs);

    public object? CreateScratch(int capacity) => new Scratch(capacity, _horizon, _student?.LatentSize ?? 0, _projection?.TeacherSize ?? 0);

    public double Accumulate(ObjectiveBatch batch)
    {
        var scratch = (Scratch)batch.Scratch!;
        int n = batch.BatchSize, h = batch.Horizon, count = batch.Count;
        if (h != _horizon) throw new ArgumentException($"the teacher outputs have horizon {_horizon}, the batch {h}");
        var teacher = scratch.TeacherOutputs.AsSpan(0, count * h);
        for (int i = 0; i < count; i++)
            _teacherOutputs.AsSpan(batch.Windows[i] * h, h).CopyTo(teacher.Slice(i * h, h));

        double lambda = Lambda, values = (double)n * h;
        double task = _task.Accumulate<float>(batch.Outputs, batch.Targets, batch.OutputGradient, (float)(lambda / values));
        // mse is a mean over values, cosine a mean over windows.
        double perTerm = _options.Divergence == DistillationLoss.Cosine ? n : values;
        double divergence = DistillationLoss.Accumulate(_options.Divergence, batch.Outputs, teacher, batch.OutputGradient, count, h,
            (float)((1 - lambda) / perTerm));
        double loss = lambda * task / values + (1 - lambda) * divergence / perTerm;
        if (_projection is null) return loss;

        int hs = _projection.StudentSize, ht = _projection.TeacherSize;
        var latents = scratch.TeacherLatents.AsSpan(0, count * ht);
        for (int i = 0; i < count; i++)
            _teacherLatents.AsSpan(batch.Windows[i] * ht, ht).CopyTo(latents.Slice(i * ht, ht));
        double hiddenValues = (double)n * ht;
        var dz = scratch.LatentGradient.AsSpan(0, count * hs);
        double hidden = _projection.Accumulate(_student!.LatentState(batch.Workspace, count), latents, count,
            scratch.Projected, dz, batch.ParameterGradient, (float)(_options.HiddenWeight / hiddenValues));
        _student.AddLatentGradient(batch.Workspace, dz, count);
        return loss + _options.HiddenWeight * hidden / hiddenValues;
    }

    /// <summary>One shard's gathered teacher rows and hidden-term buffers.</summary>
    private sealed class Scratch(int capacity, int horizon, int studentSize, int teacherSize)
    {
        public float[] TeacherOutputs { get; } = new float[capacity * horizon];
        public float[] TeacherLatents { get; } = new float[capacity * teacherSize];
        public float[] Projected { get; } = new float[capacity * teacherSize];
        public float[] LatentGradient { get; } = new float[capacity * studentSize];
    }
}
