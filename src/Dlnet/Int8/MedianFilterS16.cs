using Dlnet.Series;

namespace Dlnet.Int8;

/// <summary>
/// C# twin of <c>dlnet_median_filter_s16.c</c>: the running median of int16 SOH codes over <c>width</c> values, the
/// window slid inward at the ends (<see cref="MedianFilter"/>). A median selects one of its inputs, so any correct
/// method gives the same codes: this one sorts each window, the C kernel keeps one sorted window and updates it as
/// it slides (fewer cycles on the device), and the kernel cases check that they agree.
/// </summary>
public static class MedianFilterS16
{
    public static void Run(Span<short> output, ReadOnlySpan<short> input, int width) => MedianFilter.Apply(input, output, width);
}
