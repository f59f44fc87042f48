using Dlnet.Forecasting;
using Dlnet.Nn;
using Dlnet.Splits;

namespace Dlnet.Optimization;

/// <summary>
/// Something that takes part in a <see cref="Trainer"/> run at fixed points, all on the calling thread:
/// once at the start and end, at each epoch, around each optimiser step and around each validation.
/// Quantisation-aware training swaps fake-quantised weights in for the forward and backward passes and
/// the master weights back before the step; a distillation objective moves its loss weights per epoch.
/// Every method does nothing unless implemented.
/// </summary>
public interface ITrainingHook
{
    /// <summary>Before the first epoch.</summary>
    void Begin(TrainingSession session) { }

    /// <summary>Before the batches of the 0-based <paramref name="epoch"/>.</summary>
    void BeginEpoch(int epoch) { }

    /// <summary>Before the forward and backward passes of one batch.</summary>
    void BeforeBatch() { }

    /// <summary>After every shard's backward pass, before the gradient is clipped and the optimiser steps.</summary>
    void BeforeStep() { }

    /// <summary>Before the validation error of an epoch is measured.</summary>
    void BeforeValidation() { }

    /// <summary>After the validation error is measured, before the parameters may be kept as the best.</summary>
    void AfterValidation() { }

    /// <summary>After the last epoch (also when training stops early, is cancelled or fails), before the best parameters are restored.</summary>
    void End() { }
}

/// <summary>What a training run works on, handed to <see cref="ITrainingHook.Begin"/>.</summary>
/// <param name="Network">The network being trained (its parameters change in place).</param>
/// <param name="Encoding">How windows are encoded.</param>
/// <param name="Options">Settings of the run.</param>
/// <param name="Train">Training windows in forecast units.</param>
/// <param name="EncodedInputs">Network inputs of the training windows (count x InputLength), encoded once.</param>
/// <param name="EncodedTargets">Encoded targets of the training windows (count x Horizon).</param>
public sealed record TrainingSession(
    INetwork<float> Network, WindowEncoding Encoding, TrainingOptions Options, WindowArrays Train,
    float[] EncodedInputs, float[] EncodedTargets);
