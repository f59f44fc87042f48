using Dlnet.Forecasting;
using Dlnet.Selection;
using Dlnet.Splits;

namespace Dlnet.Pipeline;

/// <summary>
/// Everything a pipeline run depends on: the data, the protocol, the teacher, the grid of students and
/// how each stage trains, selection, pruning and the deployment budget. A preset
/// (<see cref="RunPresets"/>) gives every field; a JSON config file (<see cref="RunConfigFile"/>) and the
/// command line override them. The resolved configuration is written to <c>config.json</c> of the run
/// folder, and a rerun resumes only when it is unchanged (docs/pipeline.md).
/// </summary>
public sealed record RunConfig
{
    /// <summary>Preset the configuration started from (<c>quick</c>, <c>paper</c>), or null.</summary>
    public string? Preset { get; init; }

    public DataConfig Data { get; init; } = new();

    public ProtocolConfig Protocol { get; init; } = new();

    /// <summary>Seed of every initial weight, shuffle and dropout mask of the run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Cores to use. The teacher trains with this many threads (its weights depend on the number);
    /// the candidates of a stage train side by side on this many cores, each on one thread, so they do not.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Output form of every network: <c>residual</c>, <c>delta</c> or <c>minmax</c> (docs/output-form.md).</summary>
    public OutputForm OutputForm { get; init; } = OutputForm.Residual;

    public TeacherConfig Teacher { get; init; } = new();

    public Stage1Config Stage1 { get; init; } = new();

    public SelectionConfig Selection { get; init; } = new();

    public PruningConfig Pruning { get; init; } = new();

    public Stage2Config Stage2 { get; init; } = new();

    public BudgetConfig Budget { get; init; } = new();
}

/// <summary>Where the fleet comes from, as <c>--data</c>, <c>--meta</c> and <c>--nominal-capacity</c> give it.</summary>
/// <param name="Source"><c>builtin</c> (the synthetic fleet) or the full path of a data file or folder.</param>
/// <param name="Meta">Metadata CSV, or null for the loader's default.</param>
/// <param name="NominalCapacity">For data given as capacity per cycle.</param>
public sealed record DataConfig(string Source = DataConfig.BuiltIn, string? Meta = null, double? NominalCapacity = null)
{
    public const string BuiltIn = Dlnet.Fleet.FleetSource.BuiltIn;
}

/// <summary>The evaluation protocol and its settings.</summary>
/// <param name="Name"><c>cells</c> (whole cells held out) or <c>paper</c> (the published window-level split).</param>
/// <param name="SplitSeed">Seed of the protocol's random splits.</param>
/// <param name="TrainStride">Steps between training windows (cells: default 1; paper: one stride for all windows, default 40).</param>
/// <param name="EvalStride">Steps between validation and report windows under <c>cells</c> (default 10).</param>
/// <param name="AgeingRates">Under <c>cells</c>: rates at which the training cells are also resampled for training windows
/// (<see cref="Series.AgeingRate"/>); null or empty for none.</param>
public sealed record ProtocolConfig(string Name = "cells", int SplitSeed = 42, int? TrainStride = null, int? EvalStride = null,
    IReadOnlyList<double>? AgeingRates = null)
{
    public SplitPlan Plan() => new(Name, SplitSeed, TrainStride, EvalStride, AgeingRates: AgeingRates);
}

/// <summary>The teacher network and how it is trained (plainly, on the targets).</summary>
public sealed record TeacherConfig
{
    public string Architecture { get; init; } = "teacher";

    /// <summary>Sizes; null fields take the architecture's published defaults.</summary>
    public Architectures.NetworkOptions Options { get; init; } = new();

    public TrainingConfig Training { get; init; } = new();
}

/// <summary>Stage 1: the grid of students, each distilled from the teacher.</summary>
public sealed record Stage1Config
{
    public IReadOnlyList<StudentGridEntry> Grid { get; init; } = [];

    public TrainingConfig Training { get; init; } = new();

    public DistillationConfig Distillation { get; init; } = new();
}

/// <summary>Stage 2: each compressed student distilled again from the teacher, starting from its pruned weights.</summary>
public sealed record Stage2Config
{
    public TrainingConfig Training { get; init; } = new() { Epochs = 20 };

    /// <summary>
    /// Steps in which stage 2 reaches a compressed student's ratio (<see cref="Compression.PruningSchedule"/>): with
    /// one, it distils the compressed student; with more, it prunes the stage-1 student step by step, distilling
    /// after each cut, the steps before the last for half the epochs and without early stopping.
    /// </summary>
    public int PruningSteps { get; init; } = 1;

    public DistillationConfig Distillation { get; init; } = new() { QuantizationAware = true };
}

/// <summary>
/// The distillation loss <c>L = lambda*MSE(y_s, y) + (1 - lambda)*D(y_s, y_t)</c> (docs/pipeline.md).
/// </summary>
/// <param name="Schedule"><c>linear</c> (lambda from start to end over the planned epochs) or <c>constant</c> (lambda = end throughout).</param>
/// <param name="LambdaStart">Weight of the true targets at the first epoch.</param>
/// <param name="LambdaEnd">Weight of the true targets at the last epoch.</param>
/// <param name="Divergence"><c>mse</c> or <c>cosine</c>, between student and teacher outputs.</param>
/// <param name="HiddenWeight">Weight of matching the teacher's latent trajectory; 0 matches outputs only.</param>
/// <param name="QuantizationAware">Train through simulated int8 rounding of weights and activations.</param>
public sealed record DistillationConfig(
    string Schedule = "linear",
    double LambdaStart = 0.1,
    double LambdaEnd = 0.9,
    string Divergence = "mse",
    double HiddenWeight = 0,
    bool QuantizationAware = false);

/// <summary>Which stage-1 students go on to compression.</summary>
/// <param name="MaxSurvivors">At most this many students of the stage-1 front survive: the knee and those nearest it.</param>
/// <param name="KneeCost">Cost axis of the knee point: <c>flash</c>, <c>macs</c> or <c>latency</c>.</param>
/// <param name="ErrorTolerance">
/// The final knee is taken among the candidates within budget whose validation MAE is at most
/// (1 + tolerance) times the best of them: where every candidate already fits the board, a knee over the
/// whole front trades accuracy for bytes nobody needs. Negative for no limit.
/// </param>
public sealed record SelectionConfig(int MaxSurvivors = 3, KneeCost KneeCost = KneeCost.Flash, double ErrorTolerance = 0.1);

/// <summary>Global structured pruning of the survivors (see <see cref="Compression.StructuredPruner"/>).</summary>
/// <param name="Ratios">Shares of prunable units removed, each in [0, 1); one compressed candidate per survivor and ratio.</param>
/// <param name="MinimumPerLayer">Units every pruned layer keeps at least.</param>
/// <param name="Normalization"><c>layer_rms</c> (scores normalised per layer) or <c>none</c> (raw global ranking).</param>
/// <param name="Layers">Names of the layers that may be pruned, or null for all.</param>
public sealed record PruningConfig(
    IReadOnlyList<double>? Ratios = null,
    int MinimumPerLayer = 1,
    string Normalization = "layer_rms",
    IReadOnlyList<string>? Layers = null)
{
    public IReadOnlyList<double> Ratios { get; init; } = Ratios ?? [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
}

/// <summary>
/// Hard limits of the deployment target, by default the Arduino Nano 33 BLE Sense (Cortex-M4F at 64 MHz)
/// with room left for the application: 16 kB of flash, 4 kB of static RAM, 1 ms per inference.
/// </summary>
/// <param name="FlashBytes">Limit on int8 constants plus <see cref="CodeBytes"/>.</param>
/// <param name="RamBytes">Limit on peak activation buffers plus <see cref="RamOverheadBytes"/>.</param>
/// <param name="LatencyMs">Limit on the pessimistic end of the latency estimate.</param>
/// <param name="CodeBytes">Estimated flash beside the constants: the runtime kernels, the generated model code and its
/// parameter structs, for one decoder block and without the running median (<see cref="Selection.FrontEndCost.CodeBytes"/>
/// more with it, <see cref="Int8.StudentFootprint.DecoderBlockCodeBytes"/> per further block). For a student the constants are
/// exact (<see cref="Int8.StudentFootprint"/>), so this is the code alone: measured with arm-none-eabi-gcc -Os for the
/// Cortex-M4F as the firmware's flash less its constants on the paper preset's final students, 6,450 to 6,477 bytes on the
/// smoothed cells (two decoder blocks), 6,638 to 6,738 with the running median on the measured cells (one block); 6,528
/// lies above all of them once the median's and the second block's bytes are taken off.</param>
/// <param name="RamOverheadBytes">Estimated static RAM beside the activation buffers: the kernels' stack frames and the model state.</param>
public sealed record BudgetConfig(
    long FlashBytes = 16 * 1024,
    long RamBytes = 4 * 1024,
    double LatencyMs = 1.0,
    long CodeBytes = 6528,
    long RamOverheadBytes = 512);
