namespace Dlnet.Optimization;

/// <summary>What one finished epoch reports, for progress displays and the training log.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Epochs">Epochs planned (early stopping may end sooner).</param>
/// <param name="TrainLoss">Mean loss over the epoch's batches, on encoded targets, in training mode.</param>
/// <param name="ValidationMae">MAE of the forecasts on the validation split in forecast units (SOH); NaN without validation windows.</param>
/// <param name="LearningRate">Rate used during this epoch.</param>
/// <param name="Elapsed">Since training began.</param>
/// <param name="Remaining">Estimate for the planned epochs left, from the mean epoch time so far.</param>
/// <param name="IsBest">This epoch's parameters are the best so far and are kept.</param>
public sealed record EpochReport(
    int Epoch, int Epochs, double TrainLoss, double ValidationMae, double LearningRate,
    TimeSpan Elapsed, TimeSpan Remaining, bool IsBest);

/// <summary>The outcome of <see cref="Trainer.Train"/>; the network holds the parameters of <see cref="BestEpoch"/>.</summary>
/// <param name="EpochsRun">Epochs completed.</param>
/// <param name="BestEpoch">1-based epoch whose parameters were kept (the last one without validation windows).</param>
/// <param name="BestValidationMae">Validation MAE of the kept parameters; NaN without validation windows.</param>
/// <param name="StopReason">Why it ended.</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
/// <param name="History">One report per completed epoch.</param>
public sealed record TrainingResult(
    int EpochsRun, int BestEpoch, double BestValidationMae, StopReason StopReason, TimeSpan Elapsed, IReadOnlyList<EpochReport> History);
