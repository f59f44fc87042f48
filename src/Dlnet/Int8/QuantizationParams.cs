namespace Dlnet.Int8;

/// <summary>
/// Affine quantisation of a tensor: real = <see cref="Scale"/> * (q - <see cref="ZeroPoint"/>).
/// Activations are int8 asymmetric (zero point in [-128, 127]); weights and int16 states are
/// symmetric (zero point 0).
/// </summary>
public readonly record struct QuantizationParams(double Scale, int ZeroPoint)
{
    /// <summary>
    /// Asymmetric int8 parameters from a calibrated range: the range is widened to contain 0 (so that
    /// zero, ReLU's floor and padding are exact), scale = (max - min) / 255, and the zero point is
    /// rounded to an integer in [-128, 127], which nudges the represented range slightly.
    /// </summary>
    public static QuantizationParams FromMinMaxInt8(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"calibrated range [{min}, {max}] must be finite with min <= max");
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        if (min == max) return new QuantizationParams(1.0, 0); // all zeros: any scale represents it exactly
        double scale = (max - min) / 255.0;
        double zeroPoint = sbyte.MinValue - min / scale;
        int nudged = (int)Math.Clamp(Math.Round(zeroPoint, MidpointRounding.AwayFromZero), sbyte.MinValue, sbyte.MaxValue);
        return new QuantizationParams(scale, nudged);
    }

    /// <summary>Symmetric int8 parameters (zero point 0, codes in [-127, 127]) covering [-absMax, absMax].</summary>
    public static QuantizationParams SymmetricInt8(double absMax) => Symmetric(absMax, sbyte.MaxValue);

    /// <summary>
    /// Symmetric int16 parameters (zero point 0, codes in [-32767, 32767]) covering [-absMax, absMax]:
    /// for states and outputs that need more than 8 bits (an integrated ODE state, a small correction).
    /// </summary>
    public static QuantizationParams SymmetricInt16(double absMax) => Symmetric(absMax, short.MaxValue);

    static QuantizationParams Symmetric(double absMax, int qMax)
    {
        if (!double.IsFinite(absMax) || absMax < 0)
            throw new ArgumentOutOfRangeException(nameof(absMax), absMax, "range must be finite and non-negative");
        return new QuantizationParams(absMax == 0 ? 1.0 : absMax / qMax, 0);
    }

    /// <summary>round(x / scale) + zero point, saturated to int8.</summary>
    public sbyte QuantizeInt8(double x) => FixedPoint.SaturateToInt8(QuantizeUnclamped(x));

    /// <summary>round(x / scale) + zero point, saturated to int16.</summary>
    public short QuantizeInt16(double x) => FixedPoint.SaturateToInt16(QuantizeUnclamped(x));

    /// <summary>scale * (q - zero point).</summary>
    public double Dequantize(int q) => Scale * (q - ZeroPoint);

    long QuantizeUnclamped(double x)
    {
        double q = Math.Round(x / Scale, MidpointRounding.AwayFromZero) + ZeroPoint;
        return (long)Math.Clamp(q, long.MinValue / 2, long.MaxValue / 2);
    }
}
