using Dlnet.Int8;

namespace Dlnet.Selection;

/// <summary>
/// What runs before the network on the device and is not in a network's cost sheet: the running median over the window
/// that an encoding may have. Costed per value from the timing model; its range from the calibration's ratios, as for the
/// kernels. Its flash is the kernel's code and its call.
/// </summary>
public static class FrontEndCost
{
    /// <summary>
    /// Cycles a value of the running median over 5 values, the width the encodings choose (<c>dlnet_median5_filter_s16</c>,
    /// two windows a word): 2,548 cycles for the 100 values of the quick preset's final model.
    /// </summary>
    public const double Median5CyclesPerValue = 25.5;

    /// <summary>
    /// Cycles a value of the running median of another width, at width 5 (<c>dlnet_median_filter_s16</c>, a sorted copy
    /// of the window updated as it slides; the cost grows with the width): 6,612 cycles for 100 values.
    /// </summary>
    public const double MedianCyclesPerValue = 66.1;

    /// <summary>
    /// Flash of the running median over 5: the kernel is 240 bytes (arm-none-eabi-gcc -Os, Cortex-M4F), and the quick preset's
    /// final model measured 48 bytes less with it than with the kernel of every width (<see cref="MedianCodeBytes"/>).
    /// </summary>
    public const int Median5CodeBytes = 272;

    /// <summary>
    /// Flash of the running median of another width: the kernel is 274 bytes, and the firmware of the final students with
    /// it (when it ran every width) measured 270 to 320 bytes more beside their constants than those without.
    /// </summary>
    public const int MedianCodeBytes = 320;

    /// <summary>Flash the front end adds beside the network's constants and the runtime: the running median's, if any.</summary>
    public static int CodeBytes(int medianWidth) => Median(medianWidth).CodeBytes;

    /// <summary>Cycles of the running median over <paramref name="medianWidth"/> values (0: none) of a window of <paramref name="window"/>.</summary>
    public static double Cycles(int window, int medianWidth) => Median(medianWidth).CyclesPerValue * window;

    // Which kernel filters at that width, in one place: the dedicated one, the general one, or none.
    private static (double CyclesPerValue, int CodeBytes) Median(int width) => width switch
    {
        <= 0 => (0, 0),
        MedianFilterS16.DedicatedWidth => (Median5CyclesPerValue, Median5CodeBytes),
        _ => (MedianCyclesPerValue * width / 5.0, MedianCodeBytes),
    };

    /// <summary><paramref name="estimate"/> with the running median over <paramref name="medianWidth"/> values (0: none) of a window of <paramref name="window"/> added.</summary>
    public static LatencyEstimate With(LatencyEstimate estimate, int window, int medianWidth, DeviceCalibration? calibration = null)
    {
        if (medianWidth <= 0) return estimate;
        return estimate.Plus((calibration ?? DeviceCalibration.CortexM4F64MHz).Of(Cycles(window, medianWidth)));
    }
}
