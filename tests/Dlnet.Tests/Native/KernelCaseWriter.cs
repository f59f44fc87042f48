using System.Runtime.InteropServices;
using Dlnet.Int8;

namespace Dlnet.Tests.Native;

/// <summary>
/// Writes kernel cases for the C harness (harness.c): each case is run through the C# reference here,
/// and its inputs, constants and expected outputs are written little-endian, in the order the harness reads them.
/// </summary>
sealed class KernelCaseWriter : IDisposable
{
    const int Magic = 0x31514C44; // "DLQ1"
    readonly BinaryWriter _writer;

    /// <summary>Cases written so far.</summary>
    public int Count { get; private set; }

    public KernelCaseWriter(Stream stream)
    {
        _writer = new BinaryWriter(stream);
        _writer.Write(Magic);
    }

    enum Op
    {
        End = 0, MultiplyByQuantizedMultiplier = 1, FullyConnectedS8 = 2, FullyConnectedS8S16 = 3, FullyConnectedS8S32 = 4,
        AddS8 = 5, MulS8 = 6, LutS8 = 7, LutS16 = 8, RequantizeS32 = 9, RequantizeS32S16 = 10, RequantizeS16 = 11, ScaledAddS16 = 12,
        FullyConnectedS16 = 13, MultiplyByQuantizedMultiplierS64 = 14,
    }

    public void MultiplyByQuantizedMultiplier(ReadOnlySpan<(int X, int Multiplier, int Shift)> rows)
    {
        Begin(Op.MultiplyByQuantizedMultiplier, rows.Length);
        foreach (var (x, m, s) in rows) Ints(x, m, s, FixedPoint.MultiplyByQuantizedMultiplier(x, m, s));
    }

    public void FullyConnectedS8(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        var expected = new sbyte[batch * outputs];
        Dlnet.Int8.FullyConnectedS8.Run(expected, input, weights, bias, multipliers, shifts, p, batch, inputs, outputs);
        WriteFullyConnected(Op.FullyConnectedS8, input, weights, bias, multipliers, shifts, p, batch, inputs, outputs);
        Bytes(expected);
    }

    public void FullyConnectedS8S16(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        var expected = new short[batch * outputs];
        Dlnet.Int8.FullyConnectedS8.RunS16(expected, input, weights, bias, multipliers, shifts, p, batch, inputs, outputs);
        WriteFullyConnected(Op.FullyConnectedS8S16, input, weights, bias, multipliers, shifts, p, batch, inputs, outputs);
        Bytes<short>(expected);
    }

    public void FullyConnectedS8S32(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        int inputOffset, int batch, int inputs, int outputs)
    {
        var expected = new int[batch * outputs];
        Dlnet.Int8.FullyConnectedS8.RunS32(expected, input, weights, bias, inputOffset, batch, inputs, outputs);
        Begin(Op.FullyConnectedS8S32, batch);
        Ints(inputs, outputs, inputOffset, bias.IsEmpty ? 0 : 1);
        Bytes(input);
        Bytes(weights);
        Bytes(bias);
        Bytes<int>(expected);
    }

    void WriteFullyConnected(Op op, ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> weights, ReadOnlySpan<int> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        Begin(op, batch);
        Ints(inputs, outputs, p.InputOffset, p.OutputOffset, p.ActivationMin, p.ActivationMax, bias.IsEmpty ? 0 : 1);
        Bytes(input);
        Bytes(weights);
        Bytes(bias);
        Bytes(multipliers);
        Bytes(shifts);
    }

    public void AddS8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b, AddS8Params p)
    {
        var expected = new sbyte[a.Length];
        ElementwiseAddS8.Run(expected, a, b, p);
        Begin(Op.AddS8, a.Length);
        Ints(p.Input1Offset, p.Input1Multiplier, p.Input1Shift, p.Input2Offset, p.Input2Multiplier, p.Input2Shift,
            p.LeftShift, p.OutputOffset, p.OutputMultiplier, p.OutputShift, p.ActivationMin, p.ActivationMax);
        Bytes(a);
        Bytes(b);
        Bytes(expected);
    }

    public void MulS8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b, MulS8Params p)
    {
        var expected = new sbyte[a.Length];
        ElementwiseMulS8.Run(expected, a, b, p);
        Begin(Op.MulS8, a.Length);
        Ints(p.Input1Offset, p.Input2Offset, p.OutputOffset, p.OutputMultiplier, p.OutputShift, p.ActivationMin, p.ActivationMax);
        Bytes(a);
        Bytes(b);
        Bytes(expected);
    }

    public void LutS8(ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> table)
    {
        var expected = new sbyte[input.Length];
        LookupTableS8.Apply(expected, input, table);
        Begin(Op.LutS8, input.Length);
        Bytes(table);
        Bytes(input);
        Bytes(expected);
    }

    public void LutS16(ReadOnlySpan<short> input, ReadOnlySpan<short> table)
    {
        var expected = new short[input.Length];
        LookupTableS16.Apply(expected, input, table);
        Begin(Op.LutS16, input.Length);
        Bytes(table);
        Bytes(input);
        Bytes<short>(expected);
    }

    public void RequantizeS32(ReadOnlySpan<int> input, int multiplier, int shift, int offset, int min, int max)
    {
        var expected = new sbyte[input.Length];
        Dlnet.Int8.RequantizeS32.ToS8(expected, input, multiplier, shift, offset, min, max);
        Begin(Op.RequantizeS32, input.Length);
        Ints(multiplier, shift, offset, min, max);
        Bytes(input);
        Bytes(expected);
    }

    public void RequantizeS32S16(ReadOnlySpan<int> input, int multiplier, int shift, int offset, int min, int max)
    {
        var expected = new short[input.Length];
        Dlnet.Int8.RequantizeS32.ToS16(expected, input, multiplier, shift, offset, min, max);
        Begin(Op.RequantizeS32S16, input.Length);
        Ints(multiplier, shift, offset, min, max);
        Bytes(input);
        Bytes<short>(expected);
    }

    public void RequantizeS16(ReadOnlySpan<short> input, int multiplier, int shift, int offset, int min, int max)
    {
        var expected = new sbyte[input.Length];
        Dlnet.Int8.RequantizeS32.S16ToS8(expected, input, multiplier, shift, offset, min, max);
        Begin(Op.RequantizeS16, input.Length);
        Ints(multiplier, shift, offset, min, max);
        Bytes(input);
        Bytes(expected);
    }

    public void ScaledAddS16(ReadOnlySpan<short> a, ReadOnlySpan<short> b, ReadOnlySpan<int> multipliersA, ReadOnlySpan<int> shiftsA,
        ReadOnlySpan<int> multipliersB, ReadOnlySpan<int> shiftsB, int channels)
    {
        var expected = new short[a.Length];
        Dlnet.Int8.ScaledAddS16.Run(expected, a, b, multipliersA, shiftsA, multipliersB, shiftsB, channels);
        Begin(Op.ScaledAddS16, a.Length);
        Ints(channels);
        Bytes(multipliersA);
        Bytes(shiftsA);
        Bytes(multipliersB);
        Bytes(shiftsB);
        Bytes(a);
        Bytes(b);
        Bytes<short>(expected);
    }

    public void MultiplyByQuantizedMultiplierS64(ReadOnlySpan<long> x, ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts)
    {
        var expected = new int[x.Length];
        for (int i = 0; i < x.Length; i++) expected[i] = FixedPoint.MultiplyByQuantizedMultiplier(x[i], multipliers[i], shifts[i]);
        Begin(Op.MultiplyByQuantizedMultiplierS64, x.Length);
        Bytes(x);
        Bytes(multipliers);
        Bytes(shifts);
        Bytes<int>(expected);
    }

    public void FullyConnectedS16(ReadOnlySpan<short> input, ReadOnlySpan<short> weights, ReadOnlySpan<long> bias,
        ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, FullyConnectedParams p, int batch, int inputs, int outputs)
    {
        var expected = new short[batch * outputs];
        Dlnet.Int8.FullyConnectedS16.Run(expected, input, weights, bias, multipliers, shifts, p, batch, inputs, outputs);
        Begin(Op.FullyConnectedS16, batch);
        Ints(inputs, outputs, p.InputOffset, p.OutputOffset, p.ActivationMin, p.ActivationMax, bias.IsEmpty ? 0 : 1);
        Bytes(input);
        Bytes(weights);
        Bytes(bias);
        Bytes(multipliers);
        Bytes(shifts);
        Bytes<short>(expected);
    }

    void Begin(Op op, int first)
    {
        _writer.Write((int)op);
        _writer.Write(first);
        Count++;
    }

    void Ints(params ReadOnlySpan<int> values)
    {
        foreach (int v in values) _writer.Write(v);
    }

    // The harness runs on little-endian machines only (x86-64, AArch64, Cortex-M), as does this writer.
    void Bytes<T>(ReadOnlySpan<T> values) where T : unmanaged => _writer.Write(MemoryMarshal.AsBytes(values));

    public void Dispose()
    {
        _writer.Write((int)Op.End);
        _writer.Dispose();
    }
}
