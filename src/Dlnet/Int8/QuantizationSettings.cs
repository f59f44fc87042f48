namespace Dlnet.Int8;

/// <summary>
/// Choices of post-training quantisation that are not fixed by the scheme. int8 activations use the calibrated
/// range as it is (their resolution is precious); int16 tensors have resolution to spare, so their ranges are
/// widened by a headroom factor so that windows a little beyond the training ones do not saturate.
/// </summary>
/// <param name="PreNormHeadroom">Widening of the int16 dense outputs that feed a layer norm.</param>
/// <param name="OutputHeadroom">Widening of the int16 network output (the correction).</param>
/// <param name="AnchorHeadroom">Widening of the int16 quadratic anchors.</param>
public sealed record QuantizationSettings(double PreNormHeadroom = 2, double OutputHeadroom = 2, double AnchorHeadroom = 2)
{
    public static QuantizationSettings Default { get; } = new();

    internal void Validate()
    {
        if (!(PreNormHeadroom >= 1) || !(OutputHeadroom >= 1) || !(AnchorHeadroom >= 1))
            throw new ArgumentOutOfRangeException(nameof(PreNormHeadroom), "headroom factors must be at least 1");
    }
}
