namespace Dlnet.Selection;

/// <summary>
/// What runs before the network on the device and is not in a network's cost sheet: the running median over the window
/// that an encoding may have (<c>dlnet_median_filter_s16</c>). Costed per value from the timing model: 6,612 cycles for
/// the 100 values of the seed-1 final model on the measured MIT-Stanford capacity (median over 5), 66 a value; its
/// range from the calibration's ratios, as for the kernels. Its flash is the kernel's code and its call.
/// </summary>
public static class FrontEndCost
{
    /// <summary>Cycles a value of the running median over 5 values (the sliding update's cost grows with the width).</summary>
    public const double MedianCyclesPerValue = 66.1;

    /// <summary>
    /// Flash of the running median: the kernel is 274 bytes (arm-none-eabi-gcc -Os, Cortex-M4F), and the firmware of the final
    /// students with it measured 270 to 320 bytes more beside their constants than those without.
    /// </summary>
    public const int MedianCodeBytes = 320;

    /// <summary>Flash the front end adds beside the network's constants and the runtime: the running median's, if any.</summary>
    public static int CodeBytes(int medianWidth) => medianWidth > 0 ? MedianCodeBytes : 0;

    /// <summary><paramref name="estimate"/> with the running median over <paramref name="medianWidth"/> values (0: none) of a window of <paramref name="window"/> added.</summary>
    public static LatencyEstimate With(LatencyEstimate estimate, int window, int medianWidth, DeviceCalibration? calibration = null)
    {
        if (medianWidth <= 0) return estimate;
        return estimate.Plus((calibration ?? DeviceCalibration.CortexM4F64MHz).Of(MedianCyclesPerValue * window * medianWidth / 5.0));
    }
}
