using Dlnet.Series;

namespace Dlnet.Int8;

/// <summary>
/// C# twin of <c>dlnet_median_filter_s16.c</c>: the running median of int16 SOH codes over <c>width</c> values, the
/// window slid inward at the ends (<see cref="MedianFilter"/>). A median selects one of its inputs, so any correct
/// method gives the same codes: this one sorts each window, the C kernel keeps one sorted window and updates it as
/// it slides (fewer cycles on the device), its kernel for <see cref="DedicatedWidth"/> compares afresh, and the kernel
/// cases check that they all agree.
/// </summary>
public static class MedianFilterS16
{
    /// <summary>The width with a kernel of its own, <c>dlnet_median5_filter_s16</c>: the one the encodings choose.</summary>
    public const int DedicatedWidth = 5;

    public static void Run(Span<short> output, ReadOnlySpan<short> input, int width) => MedianFilter.Apply(input, output, width);
}
