namespace Dlnet.Selection;

/// <summary>
/// Hard limits a deployable model must meet; a null limit is no limit. The defaults are the
/// Arduino Nano 33 BLE Sense's memory (1 MB flash, 256 kB RAM); the pipeline narrows them.
/// </summary>
public sealed record Budget(long? MaxFlashBytes = null, long? MaxRamBytes = null, double? MaxLatencyMs = null)
{
    public static Budget NanoBle33 { get; } = new(1 << 20, 256 << 10);

    public bool Admits(long flashBytes, long ramBytes, double latencyMs) =>
        (MaxFlashBytes is not long f || flashBytes <= f)
        && (MaxRamBytes is not long r || ramBytes <= r)
        && (MaxLatencyMs is not double l || latencyMs <= l);
}
