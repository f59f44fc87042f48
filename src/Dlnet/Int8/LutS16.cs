namespace Dlnet.Int8;

/// <summary>
/// A lookup table for an odd int16 -> int16 function (tanh inside the Euler update), for the states that need more
/// than 8 bits: 256 linear segments over the non-negative inputs (257 knots), mirrored for the negative ones,
/// f(-x) = -f(x), so the table takes half the flash of one over the whole range. Knot k sits at input code 128 k;
/// between knots the output is interpolated with a rounded 7-bit fraction, so it always lies between two
/// neighbouring knots (C: <c>dlnet_lut_s16</c>). For tanh with input scale 2^-12 (range [-8, 8)) and output scale
/// 2^-15 the segments are 1/32 wide and the error is at most 2.23 output steps (6.8e-5) over all 65536 inputs.
/// </summary>
public static class LutS16
{
    /// <summary>Number of knots: 256 segments plus the right end, used only for the last slope.</summary>
    public const int Length = 257;

    /// <summary>
    /// Fills the 257 knots with the odd function f through the symmetric input and output scales (zero points 0).
    /// Each knot is lowered by half the chord error at the middle of the segment to its right, which centres the
    /// linear interpolation's error around zero instead of leaving it one-sided (about halving its maximum).
    /// </summary>
    public static void Build(Span<short> table, Func<double, double> function, double inputScale, double outputScale)
    {
        if (table.Length != Length) throw new ArgumentException($"table must hold {Length} entries", nameof(table));
        if (!(inputScale > 0) || !(outputScale > 0)) throw new ArgumentOutOfRangeException(nameof(inputScale), "scales must be positive");
        var output = new QuantizationParams(outputScale, 0);
        double F(double code)
        {
            double y = function(inputScale * code);
            if (double.IsNaN(y)) throw new ArgumentException($"function is NaN at {inputScale * code}");
            return y;
        }
        for (int k = 0; k < Length; k++)
        {
            double left = F(k * 128);
            double chordError = k + 1 < Length ? (left + F(k * 128 + 128)) / 2 - F(k * 128 + 64) : 0;
            table[k] = output.QuantizeInt16(left - chordError / 2);
        }
    }

    /// <summary>y = t[k] + round((t[k+1] - t[k]) f / 128) with |x| = 128 k + f (|-32768| read as 32767), negated for x &lt; 0.</summary>
    public static void Apply(Span<short> output, ReadOnlySpan<short> input, ReadOnlySpan<short> table)
    {
        if (table.Length != Length) throw new ArgumentException($"table must hold {Length} entries", nameof(table));
        if (output.Length != input.Length) throw new ArgumentException("input and output must have the same length");
        for (int i = 0; i < input.Length; i++) output[i] = Lookup(input[i], table);
    }

    static short Lookup(short x, ReadOnlySpan<short> table)
    {
        int u = x < 0 ? Math.Min(-x, short.MaxValue) : x;
        int k = u >> 7;
        int fraction = u & 127;
        int slope = table[k + 1] - table[k];
        int y = table[k] + ((slope * fraction + 64) >> 7);
        return (short)(x < 0 ? Math.Min(-y, short.MaxValue) : y);
    }
}
