using Dlnet.Nn;

namespace Dlnet.Optimization;

/// <summary>
/// What a <see cref="Trainer"/> minimises. After the forward pass of each shard of a batch, the objective
/// writes dLoss/dOutput for the network's backward pass (and may add gradients of its own, such as a
/// loss on a latent state or on parameters it brings), and returns its share of the batch loss.
/// <see cref="Accumulate"/> runs on several threads at once, one shard each: it may write only into the
/// spans it is given and its per-shard scratch.
/// </summary>
public interface ITrainingObjective : ITrainingHook
{
    /// <summary>Short name for reports (<c>mse</c>, <c>distillation</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Trainable parameters of the objective itself (a projection between latent spaces), optimised
    /// jointly with the network's (one gradient norm, one learning rate), or null when it has none.
    /// They are not part of the trained model.
    /// </summary>
    ParameterStore<float>? Parameters => null;

    /// <summary>Per-shard working memory for batches of up to <paramref name="capacity"/> windows, made once per shard.</summary>
    object? CreateScratch(int capacity) => null;

    /// <summary>
    /// Given the shard's outputs, OVERWRITES <see cref="ObjectiveBatch.OutputGradient"/> with dLoss/dOutput and
    /// ADDS the gradient of <see cref="Parameters"/> into <see cref="ObjectiveBatch.ParameterGradient"/>, where
    /// the loss is the mean over the whole batch; returns this shard's share of that mean.
    /// </summary>
    double Accumulate(ObjectiveBatch batch);
}

/// <summary>One shard of a batch after its forward pass, as <see cref="ITrainingObjective.Accumulate"/> sees it.</summary>
public readonly ref struct ObjectiveBatch
{
    /// <summary>The network that ran the forward pass.</summary>
    public required INetwork<float> Network { get; init; }

    /// <summary>The workspace of the forward pass (its latent states, for objectives that read them).</summary>
    public required NetworkWorkspace Workspace { get; init; }

    /// <summary>Indices of the shard's windows among the training windows, in shard order.</summary>
    public required ReadOnlySpan<int> Windows { get; init; }

    /// <summary>Windows in the whole batch (means are over the batch, not the shard).</summary>
    public required int BatchSize { get; init; }

    /// <summary>Outputs per window (the horizon H).</summary>
    public required int Horizon { get; init; }

    /// <summary>0-based epoch.</summary>
    public required int Epoch { get; init; }

    /// <summary>Network outputs, Count x Horizon.</summary>
    public required ReadOnlySpan<float> Outputs { get; init; }

    /// <summary>Encoded targets, Count x Horizon.</summary>
    public required ReadOnlySpan<float> Targets { get; init; }

    /// <summary>dLoss/dOutputs, Count x Horizon, to be written.</summary>
    public required Span<float> OutputGradient { get; init; }

    /// <summary>Gradient of the objective's own parameters (empty without them), to be added to.</summary>
    public required Span<float> ParameterGradient { get; init; }

    /// <summary>What <see cref="ITrainingObjective.CreateScratch"/> made for this shard.</summary>
    public object? Scratch { get; init; }

    /// <summary>Windows in the shard.</summary>
    public int Count => Windows.Length;
}

/// <summary>The plain objective: a pointwise <see cref="RegressionLoss"/> between outputs and encoded targets, averaged over the batch.</summary>
public sealed class RegressionObjective(RegressionLoss loss) : ITrainingObjective
{
    public RegressionLoss Loss { get; } = loss;

    public string Name => Loss.Name;

    public double Accumulate(ObjectiveBatch batch)
    {
        double elements = (double)batch.BatchSize * batch.Horizon;
        float weight = 1f / (batch.BatchSize * batch.Horizon);
        return Loss.Accumulate<float>(batch.Outputs, batch.Targets, batch.OutputGradient, weight) / elements;
    }
}
