namespace Dlnet.Quantization;

/// <summary>
/// Saturating element-wise sum of two int16 tensors of the same scale, y = sat16(a + b) (C: <c>dlnet_add_s16</c>):
/// a forecast's base plus its correction, both already in SOH codes. The output may alias either input.
/// </summary>
public static class AddS16
{
    public static void Run(Span<short> output, ReadOnlySpan<short> a, ReadOnlySpan<short> b)
    {
        if (a.Length != b.Length || output.Length != a.Length) throw new ArgumentException("inputs and output must have the same length");
        for (int i = 0; i < a.Length; i++) output[i] = FixedPoint.SaturateToInt16(a[i] + b[i]);
    }
}
