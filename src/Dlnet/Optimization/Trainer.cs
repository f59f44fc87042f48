using System.Diagnostics;
using System.Numerics.Tensors;
using Dlnet.Forecasting;
using Dlnet.Nn;
using Dlnet.Splits;

namespace Dlnet.Optimization;

/// <summary>
/// Minibatch training of a float network on encoded windows, with AdamW, cosine annealing, global-norm
/// clipping and early stopping on the validation split.
/// <para>
/// Each batch is split into <see cref="TrainingOptions.Threads"/> fixed shards, run in parallel with one
/// workspace and one gradient buffer per shard; the shard gradients are then summed in shard order.
/// Shuffling and dropout masks are drawn from the seed, the epoch, the batch and the shard alone, so a
/// run is bit-identical whenever seed and thread count are.
/// </para>
/// <para>
/// The checkpoint kept is the one with the lowest validation MAE in forecast units (decoded, as the
/// forecaster will be used): choosing it on a report split would leak that split into the model.
/// </para>
/// <para>
/// What is minimised is an <see cref="ITrainingObjective"/> (by default the <see cref="TrainingOptions.Loss"/>
/// on the encoded targets); <see cref="ITrainingHook"/>s take part at fixed points of the run, always on
/// the calling thread, so neither changes the determinism above.
/// </para>
/// </summary>
public sealed class Trainer
{
    private const int ValidationBatch = 256;

    private readonly INetwork<float> _network;
    private readonly WindowEncoding _encoding;
    private readonly TrainingOptions _options;
    private readonly ITrainingObjective _objective;
    private readonly ITrainingHook[] _hooks;

    /// <param name="network">Trained in place.</param>
    /// <param name="encoding">How windows become inputs and targets.</param>
    /// <param name="options">Optimiser, schedule, early stopping, threads.</param>
    /// <param name="objective">What to minimise; null for <see cref="TrainingOptions.Loss"/> on the encoded targets.</param>
    /// <param name="hooks">Called after the objective at each fixed point (and before it at <see cref="ITrainingHook.End"/>).</param>
    public Trainer(INetwork<float> network, WindowEncoding encoding, TrainingOptions options,
        ITrainingObjective? objective = null, IReadOnlyList<ITrainingHook>? hooks = null)
    {
        options.Validate();
        if (network.InputSize != encoding.InputLength || network.OutputSize != encoding.Horizon)
            throw new ArgumentException($"network maps {network.InputSize} -> {network.OutputSize} values but the encoding {encoding.InputLength} -> {encoding.Horizon}");
        _network = network;
        _encoding = encoding;
        _options = options;
        _objective = objective ?? new RegressionObjective(RegressionLoss.Parse(options.Loss, options.HuberDelta));
        _hooks = [_objective, .. hooks ?? []];
    }

    /// <summary>What this trainer minimises.</summary>
    public ITrainingObjective Objective => _objective;

    /// <summary>Trains the network in place and leaves it with the best parameters found.</summary>
    public TrainingResult Train(WindowArrays train, WindowArrays validation,
        IProgress<EpochReport>? progress = null, CancellationToken cancellation = default)
    {
        if (train.Count == 0) throw new ArgumentException("no training windows", nameof(train));
        int w = _encoding.InputLength, h = _encoding.Horizon;
        if (train.InputLength != w || train.Horizon != h || validation.InputLength != w || validation.Horizon != h)
            throw new ArgumentException($"windows must be {w}+{h} like the encoding");

        // Encode once: every epoch then only gathers rows.
        var inputs = new float[train.Count * w];
        var targets = new float[train.Count * h];
        for (int k = 0; k < train.Count; k++)
        {
            _encoding.EncodeInputs(train.History(k), inputs.AsSpan(k * w, w), 1);
            _encoding.EncodeTargets(train.History(k), train.Target(k), targets.AsSpan(k * h, h), 1);
        }

        int batchSize = Math.Min(_options.BatchSize, train.Count);
        int shards = Math.Min(_options.Threads, batchSize);
        int shardCapacity = (batchSize + shards - 1) / shards;
        var extra = _objective.Parameters;
        var work = Enumerable.Range(0, shards).Select(_ => new Shard(_network, extra, shardCapacity, w, h, _objective.CreateScratch(shardCapacity))).ToArray();
        var validators = Enumerable.Range(0, _options.Threads)
            .Select(i => new Validator(new NetworkForecaster("validation", _network, _encoding, ValidationBatch), new double[ValidationBatch * h], new double[ValidationBatch * w])).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Threads };

        var parameters = _network.Parameters;
        var gradient = parameters.CreateBuffer();
        var extraGradient = extra?.CreateBuffer() ?? [];
        var best = parameters.Values.ToArray();
        // The weights' moving average, and the trained weights while the average stands in for them at validation.
        float decay = (float)_options.AverageDecay;
        var average = decay > 0 ? parameters.Values.ToArray() : null;
        var trained = decay > 0 ? new float[parameters.Count] : null;
        var optimizer = new AdamW<float>(parameters.Count, _options.WeightDecay, threads: _options.Threads);
        var extraOptimizer = new AdamW<float>(extraGradient.Length, _options.WeightDecay);
        var schedule = new LearningRateSchedule(_options.LearningRate, _options.Epochs, _options.WarmupEpochs, _options.MinLearningRate);
        var shuffle = new Random(_options.Seed);
        var order = Enumerable.Range(0, train.Count).ToArray();

        var history = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        double bestMae = double.PositiveInfinity;
        int bestEpoch = 0, sinceBest = 0;
        var stop = StopReason.Completed;

        var session = new TrainingSession(_network, _encoding, _options, train, inputs, targets);
        int begun = 0;
        try
        {
            for (; begun < _hooks.Length; begun++) _hooks[begun].Begin(session);
            for (int epoch = 0; epoch < _options.Epochs; epoch++)
            {
                if (cancellation.IsCancellationRequested) { stop = StopReason.Cancelled; break; }
                foreach (var hook in _hooks) hook.BeginEpoch(epoch);
                double rate = schedule.At(epoch);
                Shuffle(order, shuffle);
                double lossSum = 0;
                int batches = (train.Count + batchSize - 1) / batchSize;
                bool cancelled = false;
                for (int b = 0; b < batches; b++)
                {
                    if (cancellation.IsCancellationRequested) { cancelled = true; break; }
                    foreach (var hook in _hooks) hook.BeforeBatch();
                    int first = b * batchSize, n = Math.Min(batchSize, train.Count - first);
                    int perShard = (n + shards - 1) / shards;
                    int batchIndex = b, epochIndex = epoch;
                    Parallel.For(0, shards, parallel, s =>
                    {
                        int start = s * perShard, count = Math.Min(perShard, n - start);
                        var shard = work[s];
                        shard.Loss = 0;
                        Array.Clear(shard.Gradient);
                        Array.Clear(shard.ExtraGradient);
                        if (count <= 0) return;
                        shard.Workspace.Seed = DropoutSeed(_options.Seed, epochIndex, batchIndex, s);
                        var rows = order.AsSpan(first + start, count);
                        shard.Gather(rows, inputs, targets);
                        var outputs = shard.Outputs.AsSpan(0, count * h);
                        _network.Forward(shard.Workspace, shard.Inputs.AsSpan(0, count * w), outputs, count, training: true);
                        shard.Loss = _objective.Accumulate(new ObjectiveBatch
                        {
                            Network = _network,
                            Workspace = shard.Workspace,
                            Windows = rows,
                            BatchSize = n,
                            Horizon = h,
                            Epoch = epochIndex,
                            Outputs = outputs,
                            Targets = shard.Targets.AsSpan(0, count * h),
                            OutputGradient = shard.OutputGradient.AsSpan(0, count * h),
                            ParameterGradient = shard.ExtraGradient,
                            Scratch = shard.Scratch,
                        });
                        _network.Backward(shard.Workspace, shard.OutputGradient.AsSpan(0, count * h), shard.Gradient, count);
                    });
                    // Fixed summation order ((g0 + g1) + g2 ...): the result does not depend on which shard
                    // finished first. The first sum writes the buffer directly, saving a pass over it.
                    double batchLoss = work[0].Loss;
                    if (shards == 1)
                    {
                        Array.Copy(work[0].Gradient, gradient, gradient.Length);
                        Array.Copy(work[0].ExtraGradient, extraGradient, extraGradient.Length);
                    }
                    for (int s = 1; s < shards; s++)
                    {
                        TensorPrimitives.Add(s == 1 ? work[0].Gradient : gradient, work[s].Gradient, gradient);
                        TensorPrimitives.Add(s == 1 ? work[0].ExtraGradient : extraGradient, work[s].ExtraGradient, extraGradient);
                        batchLoss += work[s].Loss;
                    }
                    lossSum += batchLoss;
                    foreach (var hook in _hooks) hook.BeforeStep();
                    // Clipping's factor is applied inside the optimiser steps rather than by a pass of its own.
                    double clip = GradientClipping.ScaleFor(GradientClipping.GlobalNorm<float>(gradient, extraGradient), _options.ClipNorm);
                    if (extra is not null) extraOptimizer.Step(extra.Values, extraGradient, rate, clip);
                    optimizer.Step(parameters.Values, gradient, rate, clip);
                    if (average is not null) TensorPrimitives.Lerp(parameters.Values, average, decay, average);
                }
                if (cancelled) { stop = StopReason.Cancelled; break; }

                double mae = double.NaN;
                if (average is not null)
                {
                    parameters.Values.CopyTo(trained);
                    average.CopyTo(parameters.Values);
                }
                if (validation.Count > 0)
                {
                    foreach (var hook in _hooks) hook.BeforeValidation();
                    mae = ValidationMae(validators, validation, parallel);
                    foreach (var hook in _hooks) hook.AfterValidation();
                }
                bool isBest = validation.Count == 0 || mae < bestMae;
                if (isBest)
                {
                    bestMae = validation.Count == 0 ? double.NaN : mae;
                    bestEpoch = epoch + 1;
                    sinceBest = 0;
                    parameters.Values.CopyTo(best);
                }
                else sinceBest++;
                trained?.CopyTo(parameters.Values);

                var elapsed = clock.Elapsed;
                var remaining = elapsed / (epoch + 1) * (_options.Epochs - epoch - 1);
                var report = new EpochReport(epoch + 1, _options.Epochs, lossSum / batches, mae, rate, elapsed, remaining, isBest);
                history.Add(report);
                progress?.Report(report);

                if (!double.IsFinite(report.TrainLoss))
                    throw new InvalidOperationException($"training diverged at epoch {epoch + 1} (loss {report.TrainLoss}); lower the learning rate");
                if (_options.Patience > 0 && sinceBest >= _options.Patience) { stop = StopReason.EarlyStopping; break; }
            }
        }
        finally
        {
            // Only the hooks that began end, last first.
            for (int i = begun - 1; i >= 0; i--) _hooks[i].End();
        }

        if (bestEpoch > 0) best.CopyTo(parameters.Values);
        return new TrainingResult(history.Count, bestEpoch, bestEpoch > 0 ? bestMae : double.NaN, stop, clock.Elapsed, history);
    }

    /// <summary>Mean absolute error in forecast units, over fixed contiguous shards summed in order.</summary>
    private static double ValidationMae(Validator[] validators, WindowArrays validation, ParallelOptions parallel)
    {
        int w = validation.InputLength, h = validation.Horizon;
        int shards = validators.Length;
        int perShard = (validation.Count + shards - 1) / shards;
        var sums = new double[shards];
        Parallel.For(0, shards, parallel, s =>
        {
            int start = s * perShard, end = Math.Min(validation.Count, start + perShard);
            var (forecaster, forecast, histories) = validators[s];
            double sum = 0;
            for (int first = start; first < end; first += ValidationBatch)
            {
                int n = Math.Min(ValidationBatch, end - first);
                validation.CopyHistories(first, n, histories);
                forecaster.Forecast(histories.AsSpan(0, n * w), forecast, n);
                for (int k = 0; k < n; k++)
                {
                    var y = validation.Target(first + k);
                    for (int t = 0; t < h; t++) sum += Math.Abs(forecast[k * h + t] - y[t]);
                }
            }
            sums[s] = sum;
        });
        double total = 0;
        foreach (double s in sums) total += s;
        return total / ((double)validation.Count * h);
    }

    private static void Shuffle(int[] order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>A well-mixed 64-bit seed from (seed, epoch, batch, shard) alone (SplitMix64 finaliser over each in turn).</summary>
    internal static ulong DropoutSeed(int seed, int epoch, int batch, int shard)
    {
        ulong z = (ulong)(uint)seed;
        foreach (int part in (ReadOnlySpan<int>)[epoch, batch, shard]) z = Mix(z ^ Mix((ulong)(uint)part + 0x9E3779B97F4A7C15UL));
        return z;

        static ulong Mix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }

    /// <summary>A forecaster with its own workspace, and a buffer for its forecasts, per validation shard.</summary>
    private readonly record struct Validator(NetworkForecaster Forecaster, double[] Forecasts, double[] Histories);

    /// <summary>What one shard of a batch owns: its workspace, gathered rows, outputs and gradients.</summary>
    private sealed class Shard(INetwork<float> network, ParameterStore<float>? extra, int capacity, int inputSize, int outputSize, object? scratch)
    {
        public NetworkWorkspace Workspace { get; } = network.CreateWorkspace(capacity);
        public float[] Inputs { get; } = new float[capacity * inputSize];
        public float[] Targets { get; } = new float[capacity * outputSize];
        public float[] Outputs { get; } = new float[capacity * outputSize];
        public float[] OutputGradient { get; } = new float[capacity * outputSize];
        public float[] Gradient { get; } = network.Parameters.CreateBuffer();
        public float[] ExtraGradient { get; } = extra?.CreateBuffer() ?? [];
        public object? Scratch { get; } = scratch;
        public double Loss { get; set; }

        public void Gather(ReadOnlySpan<int> rows, float[] inputs, float[] targets)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                inputs.AsSpan(rows[i] * inputSize, inputSize).CopyTo(Inputs.AsSpan(i * inputSize));
                targets.AsSpan(rows[i] * outputSize, outputSize).CopyTo(Targets.AsSpan(i * outputSize));
            }
        }
    }
}
