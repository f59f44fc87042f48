using Dlnet.Int8;

namespace Dlnet.Tests.Native;

/// <summary>
/// Random kernel cases for the bit-exactness runs, drawn with a fixed seed: odd sizes 1..67, inputs and
/// weights pinned at the ends of their ranges, zero points at the ends, multipliers near 2^31 and tiny,
/// shifts at both ends, clamps narrowed like fused activations.
/// </summary>
static class KernelCases
{
    /// <summary>Writes every kind of case to <paramref name="path"/>; returns the number of cases.</summary>
    public static int Write(string path, int seed, int casesPerKernel)
    {
        var rng = new Random(seed);
        using var writer = new KernelCaseWriter(File.Create(path));
        WriteMultiplierEdges(writer, rng);
        for (int c = 0; c < casesPerKernel; c++)
        {
            WriteFullyConnected(writer, rng);
            WriteElementwise(writer, rng);
            WriteLookupTables(writer, rng);
            WriteRequantize(writer, rng);
            WriteScaledAdd(writer, rng);
        }
        return writer.Count;
    }

    static void WriteMultiplierEdges(KernelCaseWriter writer, Random rng)
    {
        int[] xs = [int.MinValue, int.MinValue + 1, -65536, -1, 0, 1, 2, 3, 65535, int.MaxValue - 1, int.MaxValue];
        int[] multipliers = [int.MinValue, -(1 << 30), 0, 1, 2, 1 << 30, (1 << 30) + 1, int.MaxValue - 1, int.MaxValue];
        var rows = new List<(int, int, int)>();
        foreach (int x in xs)
            foreach (int m in multipliers)
                for (int s = FixedPoint.MinShift; s <= FixedPoint.MaxShift; s++)
                    rows.Add((x, m, s));
        for (int i = 0; i < 4000; i++) rows.Add((AnyInt32(rng), Multiplier(rng, signed: true), Shift(rng)));
        // Chunks small enough for the harness's fixed buffer.
        foreach (var chunk in rows.Chunk(1000)) writer.MultiplyByQuantizedMultiplier(chunk);

        long[] wide = [-FixedPoint.MaxWideAccumulator - 5, -FixedPoint.MaxWideAccumulator, -(1L << 32) - 1, -65537, -65536, -32768, -1, 0, 1,
            32767, 32768, 65535, 65536, 1L << 40, FixedPoint.MaxWideAccumulator - 1, FixedPoint.MaxWideAccumulator, long.MaxValue, long.MinValue];
        var wideRows = new List<(long X, int M, int S)>();
        foreach (long x in wide)
            foreach (int m in multipliers)
                for (int s = FixedPoint.MinShift; s <= FixedPoint.MaxWideShift; s++)
                    wideRows.Add((x, m, s));
        for (int i = 0; i < 4000; i++)
            wideRows.Add((rng.Next(3) == 0 ? rng.NextInt64(-(1L << 20), 1L << 20) : rng.NextInt64(-(1L << 48), 1L << 48), Multiplier(rng, signed: true),
                rng.Next(FixedPoint.MinShift, FixedPoint.MaxWideShift + 1)));
        foreach (var chunk in wideRows.Chunk(1000))
            writer.MultiplyByQuantizedMultiplierS64(chunk.Select(r => r.X).ToArray(), chunk.Select(r => r.M).ToArray(), chunk.Select(r => r.S).ToArray());
    }

    static void WriteFullyConnected(KernelCaseWriter writer, Random rng)
    {
        int batch = rng.Next(1, 4), inputs = Size(rng), outputs = Size(rng);
        var input = Int8s(rng, batch * inputs, -128);
        var weights = Int8s(rng, outputs * inputs, -127);
        int inputOffset = Pick(rng, -127, 128, rng.Next(-127, 129));
        // Keep the int32 accumulator in range: |sum| <= inputs * 255 * 127.
        int biasBound = int.MaxValue - inputs * 255 * 127;
        var bias = rng.Next(4) == 0 ? [] : Enumerable.Range(0, outputs).Select(_ => Pick(rng, -biasBound, biasBound, rng.Next(-(1 << 20), 1 << 20))).ToArray();
        var multipliers = Enumerable.Range(0, outputs).Select(_ => Multiplier(rng, signed: false)).ToArray();
        var shifts = Enumerable.Range(0, outputs).Select(_ => rng.Next(3) == 0 ? Shift(rng) : rng.Next(-20, -4)).ToArray();

        int zeroPoint = Pick(rng, -128, 127, rng.Next(-128, 128));
        var (lo, hi) = rng.Next(3) == 0 ? (zeroPoint, 127) : (-128, 127); // a fused ReLU clamps at the zero point
        writer.FullyConnectedS8(input, weights, bias, multipliers, shifts, new FullyConnectedParams(inputOffset, zeroPoint, lo, hi), batch, inputs, outputs);

        var (lo16, hi16) = rng.Next(3) == 0 ? (0, short.MaxValue) : (short.MinValue, short.MaxValue);
        writer.FullyConnectedS8S16(input, weights, bias, multipliers, shifts, new FullyConnectedParams(inputOffset, rng.Next(-100, 101), lo16, hi16), batch, inputs, outputs);
        writer.FullyConnectedS8S32(input, weights, bias, inputOffset, batch, inputs, outputs);

        var input16 = Int16s(rng, batch * inputs);
        var weights16 = Int16s(rng, outputs * inputs).Select(w => w == short.MinValue ? (short)-short.MaxValue : w).ToArray();
        var bias64 = rng.Next(4) == 0 ? [] : Enumerable.Range(0, outputs).Select(_ => rng.Next(4) switch
        {
            0 => FixedPoint.MaxWideAccumulator, 1 => -FixedPoint.MaxWideAccumulator, _ => rng.NextInt64(-(1L << 40), 1L << 40),
        }).ToArray();
        var shifts16 = Enumerable.Range(0, outputs).Select(_ => rng.Next(3) == 0
            ? Pick(rng, FixedPoint.MinShift, FixedPoint.MaxWideShift, rng.Next(FixedPoint.MinShift, FixedPoint.MaxWideShift + 1))
            : rng.Next(-31, -12)).ToArray();
        int inputOffset16 = Pick(rng, -short.MaxValue, -short.MinValue, rng.Next(-1000, 1001));
        writer.FullyConnectedS16(input16, weights16, bias64, multipliers, shifts16,
            new FullyConnectedParams(inputOffset16, rng.Next(-1000, 1001), rng.Next(2) == 0 ? short.MinValue : 0, short.MaxValue), batch, inputs, outputs);
    }

    static void WriteElementwise(KernelCaseWriter writer, Random rng)
    {
        int size = Size(rng);
        var a = Int8s(rng, size, -128);
        var b = Int8s(rng, size, -128);
        QuantizationParams Params() => new(Math.Exp(rng.NextDouble() * 8 - 4) / 64, Pick(rng, -128, 127, rng.Next(-128, 128)));
        writer.AddS8(a, b, AddS8Params.Create(Params(), Params(), Params()));
        writer.MulS8(a, b, MulS8Params.Create(Params(), Params(), Params(), rng.Next(-128, 0), rng.Next(0, 128)));
        // Raw constants anywhere in their ranges, saturating paths included.
        writer.AddS8(a, b, new AddS8Params(Offset(rng), Multiplier(rng, false), Shift(rng), Offset(rng), Multiplier(rng, false), Shift(rng),
            rng.Next(0, 23), rng.Next(-128, 128), Multiplier(rng, false), Shift(rng), -128, 127));
        writer.MulS8(a, b, new MulS8Params(Offset(rng), Offset(rng), rng.Next(-128, 128), Multiplier(rng, true), Shift(rng), -128, 127));
    }

    static void WriteLookupTables(KernelCaseWriter writer, Random rng)
    {
        int size = Size(rng);
        var table8 = new sbyte[LookupTableS8.Length];
        var inputParams = new QuantizationParams(Math.Exp(rng.NextDouble() * 4 - 4), Pick(rng, -128, 127, rng.Next(-128, 128)));
        Func<double, double> f = rng.Next(2) == 0 ? Math.Tanh : x => 1 / (1 + Math.Exp(-x));
        LookupTableS8.Build(table8, f, inputParams, f == Math.Tanh ? new QuantizationParams(1.0 / 128, 0) : new QuantizationParams(1.0 / 256, -128));
        var codes = Enumerable.Range(-128, 256).Select(q => (sbyte)q).Concat(Int8s(rng, size, -128)).ToArray();
        writer.LutS8(codes, table8);

        var table16 = new short[LookupTableS16.Length];
        if (rng.Next(2) == 0) LookupTableS16.Build(table16, Math.Tanh, Math.ScaleB(1.0, -rng.Next(10, 14)), Math.ScaleB(1.0, -15));
        else for (int k = 0; k < table16.Length; k++) table16[k] = (short)Pick(rng, short.MinValue, short.MaxValue, rng.Next(short.MinValue, short.MaxValue + 1));
        writer.LutS16([.. Int16s(rng, size), short.MinValue, -1, 0, 1, short.MaxValue], table16);
    }

    static void WriteRequantize(KernelCaseWriter writer, Random rng)
    {
        int size = Size(rng);
        var input = Enumerable.Range(0, size).Select(_ => AnyInt32(rng)).ToArray();
        writer.RequantizeS32(input, Multiplier(rng, false), Shift(rng), rng.Next(-128, 128), -128, 127);
        writer.RequantizeS32S16(input, Multiplier(rng, false), Shift(rng), rng.Next(-128, 128), short.MinValue, short.MaxValue);
        writer.RequantizeS16(Int16s(rng, size), Multiplier(rng, false), Shift(rng), rng.Next(-128, 128), rng.Next(-128, 0), 127);
    }

    static void WriteScaledAdd(KernelCaseWriter writer, Random rng)
    {
        int channels = Size(rng), size = channels * rng.Next(1, 4);
        int[] Multipliers() => Enumerable.Range(0, channels).Select(_ => Multiplier(rng, signed: true)).ToArray();
        int[] Shifts() => Enumerable.Range(0, channels).Select(_ => rng.Next(2) == 0 ? Shift(rng) : rng.Next(-3, 2)).ToArray();
        writer.ScaledAddS16(Int16s(rng, size), Int16s(rng, size), Multipliers(), Shifts(), Multipliers(), Shifts(), channels);
    }

    /// <summary>Odd and even sizes 1..67, biased towards the small and the odd.</summary>
    static int Size(Random rng) => rng.Next(3) == 0 ? 2 * rng.Next(0, 34) + 1 : rng.Next(1, 68);

    static int Pick(Random rng, int low, int high, int otherwise) => rng.Next(4) switch { 0 => low, 1 => high, _ => otherwise };

    static int Offset(Random rng) => Pick(rng, -127, 128, rng.Next(-127, 129));

    static int Shift(Random rng) => Pick(rng, FixedPoint.MinShift, FixedPoint.MaxShift, rng.Next(FixedPoint.MinShift, FixedPoint.MaxShift + 1));

    /// <summary>A Q31 significand: near 2^31, exactly 2^30, tiny, or anywhere in [2^30, 2^31).</summary>
    static int Multiplier(Random rng, bool signed)
    {
        int m = rng.Next(5) switch
        {
            0 => int.MaxValue - rng.Next(0, 4),
            1 => 1 << 30,
            2 => rng.Next(0, 256),
            _ => rng.Next(1 << 30, int.MaxValue),
        };
        return signed && rng.Next(2) == 0 ? -m : m;
    }

    static int AnyInt32(Random rng) => rng.Next(6) switch
    {
        0 => int.MinValue,
        1 => int.MaxValue,
        2 => rng.Next(-300, 301),
        _ => (int)rng.NextInt64(int.MinValue, (long)int.MaxValue + 1),
    };

    /// <summary>All at the minimum, all at 127, or uniform in [min, 127].</summary>
    static sbyte[] Int8s(Random rng, int n, int min)
    {
        int mode = rng.Next(4);
        return Enumerable.Range(0, n).Select(_ => (sbyte)(mode switch { 0 => min, 1 => 127, _ => rng.Next(min, 128) })).ToArray();
    }

    static short[] Int16s(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ => (short)Pick(rng, short.MinValue, short.MaxValue, rng.Next(short.MinValue, short.MaxValue + 1))).ToArray();
}
