namespace Dlnet.Int8;

/// <summary>
/// An int8 -> int8 function as a 256-entry table, exact for any element-wise function (tanh, sigmoid):
/// table[q + 128] = quantise_out(f(dequantise_in(q))). Built once from the float function; applying it is
/// one load per element (C: <c>dlnet_lut_s8</c>).
/// </summary>
public static class LookupTableS8
{
    /// <summary>Number of entries: one per int8 code.</summary>
    public const int Length = 256;

    /// <summary>Fills <paramref name="table"/> (256 entries, indexed by code + 128) with f through the two tensors' parameters.</summary>
    public static void Build(Span<sbyte> table, Func<double, double> function, QuantizationParams input, QuantizationParams output)
    {
        if (table.Length != Length) throw new ArgumentException($"table must hold {Length} entries", nameof(table));
        for (int q = sbyte.MinValue; q <= sbyte.MaxValue; q++)
        {
            double y = function(input.Dequantize(q));
            if (double.IsNaN(y)) throw new ArgumentException($"function is NaN at {input.Dequantize(q)}");
            table[q + 128] = output.QuantizeInt8(y);
        }
    }

    /// <summary>y[i] = table[x[i] + 128].</summary>
    public static void Apply(Span<sbyte> output, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> table)
    {
        if (table.Length != Length) throw new ArgumentException($"table must hold {Length} entries", nameof(table));
        if (output.Length != input.Length) throw new ArgumentException("input and output must have the same length");
        for (int i = 0; i < input.Length; i++) output[i] = table[input[i] + 128];
    }
}
