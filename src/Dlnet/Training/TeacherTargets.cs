using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Dlnet.Forecasting;
using Dlnet.Nn;
using Dlnet.Splits;

namespace Dlnet.Training;

/// <summary>
/// What a teacher says about the windows of a protocol, computed once (a teacher pass per window, not per
/// epoch): its forecasts in forecast units (SOH) for the training and validation windows and, for a teacher
/// with a latent state (<see cref="ILatentNetwork{T}"/>), that state for the training windows. A student is distilled against
/// these; they are checked against the windows they were computed for, so they cannot silently pair
/// with another split.
/// </summary>
public sealed class TeacherTargets
{
    private const int Batch = 256;

    private TeacherTargets(string name, string architecture, int parameterCount, int horizon, WindowArrays train, WindowArrays validation,
        double[] trainForecasts, double[] validationForecasts, float[]? trainLatents, int latentSize, string windowsHash)
    {
        TeacherName = name;
        TeacherArchitecture = architecture;
        TeacherParameterCount = parameterCount;
        Horizon = horizon;
        TrainCount = train.Count;
        ValidationCount = validation.Count;
        TrainForecasts = trainForecasts;
        ValidationForecasts = validationForecasts;
        TrainLatents = trainLatents;
        LatentSize = latentSize;
        WindowsHash = windowsHash;
        TeacherValidationMae = validation.Count == 0 ? double.NaN : Mae(validationForecasts, validation);
    }

    // In window order, as a sum over the flattened targets would run.
    private static double Mae(double[] forecasts, WindowArrays windows)
    {
        double sum = 0;
        int h = windows.Horizon;
        for (int k = 0; k < windows.Count; k++)
        {
            var y = windows.Target(k);
            for (int t = 0; t < h; t++) sum += Math.Abs(forecasts[k * h + t] - y[t]);
        }
        return sum / ((double)windows.Count * h);
    }

    public string TeacherName { get; }

    public string TeacherArchitecture { get; }

    public int TeacherParameterCount { get; }

    public int Horizon { get; }

    public int TrainCount { get; }

    public int ValidationCount { get; }

    /// <summary>Teacher forecasts of the training windows, TrainCount x Horizon, in forecast units.</summary>
    public double[] TrainForecasts { get; }

    /// <summary>Teacher forecasts of the validation windows, ValidationCount x Horizon, in forecast units.</summary>
    public double[] ValidationForecasts { get; }

    /// <summary>The teacher's latent state per training window (TrainCount x <see cref="LatentSize"/>), or null for a teacher without one.</summary>
    public float[]? TrainLatents { get; }

    /// <summary>Units of the teacher's latent state; 0 when it has none.</summary>
    public int LatentSize { get; }

    /// <summary>The teacher's MAE on the validation windows, in forecast units (NaN without them).</summary>
    public double TeacherValidationMae { get; }

    /// <summary>SHA-256 of the windows the targets belong to.</summary>
    internal string WindowsHash { get; }

    /// <summary>
    /// Runs <paramref name="teacher"/> once over the training and validation windows of <paramref name="splits"/>.
    /// Forecasts are the teacher forecaster's own (the mean of its Monte Carlo passes when it has
    /// <see cref="NetworkForecaster.DropoutPasses"/>); the latent state is that of the deterministic pass.
    /// Batches are fixed (256 windows from the first) and shared out over <paramref name="threads"/>
    /// threads, so the result does not depend on the thread count.
    /// </summary>
    public static TeacherTargets Compute(NetworkForecaster teacher, ProtocolSplits splits, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var train = WindowArrays.From(splits.Train);
        var validation = WindowArrays.From(splits.Validation);
        if (teacher.InputLength != train.InputLength || teacher.Horizon != train.Horizon)
            throw new ArgumentException($"the teacher forecasts {teacher.InputLength} -> {teacher.Horizon} values but the windows are {train.InputLength} + {train.Horizon}");
        var latent = teacher.Network as ILatentNetwork<float>;
        int latentSize = latent?.LatentSize ?? 0;
        int h = train.Horizon;

        var trainForecasts = new double[train.Count * h];
        var validationForecasts = new double[validation.Count * h];
        var latents = latent is null ? null : new float[train.Count * latentSize];
        int workers = threads == 0 ? Environment.ProcessorCount : threads;
        Run(teacher, latent, train, trainForecasts, latents, workers);
        Run(teacher, latent, validation, validationForecasts, null, workers);
        return new TeacherTargets(teacher.Name, teacher.Network.Architecture, teacher.Network.Parameters.Count, h, train, validation,
            trainForecasts, validationForecasts, latents, latentSize, Hash(train, validation));
    }

    /// <summary>Throws unless these targets were computed for exactly these windows.</summary>
    internal void CheckWindows(WindowArrays train, WindowArrays validation)
    {
        if (train.Count != TrainCount || validation.Count != ValidationCount || train.Horizon != Horizon || Hash(train, validation) != WindowsHash)
            throw new ArgumentException($"the teacher targets were computed for other windows ({TrainCount} training and {ValidationCount} validation windows, " +
                $"now {train.Count} and {validation.Count}); compute them with the same data, protocol and split seed");
    }

    private static void Run(NetworkForecaster teacher, ILatentNetwork<float>? latent, WindowArrays windows,
        double[] forecasts, float[]? latents, int workers)
    {
        int w = windows.InputLength, h = windows.Horizon, batches = (windows.Count + Batch - 1) / Batch;
        if (batches == 0) return;
        var network = teacher.Network;
        bool ownPass = teacher.DropoutPasses == 0;
        workers = Math.Min(workers, batches);
        // Worker k takes batches k, k + workers, ...: each batch is computed the same way whoever runs it.
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, k =>
        {
            var mc = ownPass ? null : new NetworkForecaster(teacher.Name, network, teacher.Encoding, Batch) { DropoutPasses = teacher.DropoutPasses };
            var workspace = ownPass || latents is not null ? network.CreateWorkspace(Batch) : null;
            var inputs = new float[Batch * w];
            var outputs = new float[Batch * h];
            var histories = new double[Batch * w];
            for (int b = k; b < batches; b += workers)
            {
                int first = b * Batch, n = Math.Min(Batch, windows.Count - first);
                windows.CopyHistories(first, n, histories);
                ReadOnlySpan<double> x = histories.AsSpan(0, n * w);
                var f = forecasts.AsSpan(first * h, n * h);
                if (workspace is not null)
                {
                    teacher.Encoding.EncodeInputs(x, inputs, n);
                    network.Forward(workspace, inputs.AsSpan(0, n * w), outputs.AsSpan(0, n * h), n, training: false);
                    if (ownPass) teacher.Encoding.Decode(x, outputs.AsSpan(0, n * h), f, n);
                    if (latents is not null)
                        latent!.LatentState(workspace, n).CopyTo(latents.AsSpan(first * latent.LatentSize, n * latent.LatentSize));
                }
                mc?.Forecast(x, f, n);
            }
        });
    }

    private static string Hash(WindowArrays train, WindowArrays validation)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The bytes of each set's histories, then its targets, back to back: the same hash as of the flat arrays.
        foreach (var windows in new[] { train, validation })
        {
            foreach (bool histories in new[] { true, false })
            {
                int length = histories ? windows.InputLength : windows.Horizon;
                hash.AppendData(BitConverter.GetBytes(windows.Count * length));
                for (int k = 0; k < windows.Count; k++)
                    hash.AppendData(MemoryMarshal.AsBytes(histories ? windows.History(k) : windows.Target(k)));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
