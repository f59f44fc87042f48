namespace Dlnet.Optimization;

/// <summary>
/// Hands each epoch report to a delegate at once, on the training's thread: <see cref="Progress{T}"/> would post it to a
/// synchronisation context, out of order with the training's other output.
/// </summary>
public sealed class EpochProgress(Action<EpochReport> report) : IProgress<EpochReport>
{
    public void Report(EpochReport value) => report(value);
}
