using Dlnet.Int8;

namespace Dlnet.Tests.Native;

/// <summary>
/// Kernel cases for the bit-exactness runs, drawn with a fixed seed: every combination of edge values of x,
/// multiplier and shift for both requantisations, then per round one case of each kernel with odd sizes 1..67,
/// inputs and weights pinned at the ends of their ranges, zero points at the ends, constant rows (zero variance),
/// multipliers near 2^31, exactly 2^30, zero and tiny, shifts at both ends, clamps narrowed like fused activations.
/// </summary>
static class KernelCases
{
    /// <summary>The committed vectors, runtime/tests/kernel_cases.bin: what <c>make -C runtime test</c> checks.</summary>
    public static IEnumerable<KernelCase> Committed() => Generate(seed: 20260901, rounds: 16, randomRows: 500);

    /// <summary>
    /// The edge grids, <paramref name="randomRows"/> random requantisations of each kind, and
    /// <paramref name="rounds"/> cases of each kernel.
    /// </summary>
    public static IEnumerable<KernelCase> Generate(int seed, int rounds, int randomRows)
    {
        var rng = new Random(seed);
        foreach (var c in MultiplierEdges(rng, randomRows)) yield return c;
        foreach (var c in InverseSqrt(rng, randomRows)) yield return c;
        for (int round = 0; round < rounds; round++)
        {
            yield return FullyConnectedS8S16(rng);
            yield return FullyConnectedS16(rng);
            yield return LayerNorm(rng, int16Output: false);
            yield return LayerNorm(rng, int16Output: true);
            yield return Lut(rng);
            yield return Requantize(rng);
            yield return ScaledAdd(rng);
            yield return Euler(rng);
            yield return Forecast(rng);
        }
        // A stream of its own, so that the cases above keep their values.
        var medians = new Random(seed + 1);
        for (int round = 0; round < rounds; round++) yield return MedianFilter(medians);
        // The forecast head at the deployed shapes (a bias, three anchors, 4 to 40 inputs: each specialised width of the
        // DSP path), likewise in a stream of its own.
        var heads = new Random(seed + 2);
        for (int round = 0; round < 2 * rounds; round++) yield return Forecast(heads, deployed: true);
        // The running median over 5, the width the encodings choose, at its shortest windows: 5 values (one window) to 9,
        // an odd and an even count of windows, which its two-windows-a-word DSP path finishes differently.
        var shortMedians = new Random(seed + 4);
        for (int size = 5; size <= 9; size++)
            for (int repeat = 0; repeat < 2; repeat++)
                yield return MedianFilter(shortMedians, width: 5, size);
        var firstLayers = new Random(seed + 3);
        for (int round = 0; round < rounds; round++) yield return FullyConnectedS16W8(firstLayers);
    }

    /// <summary>An odd width 3..15 over at least that many codes.</summary>
    static KernelCase MedianFilter(Random rng)
    {
        int width = 2 * rng.Next(1, 8) + 1;
        return MedianFilter(rng, width, width + rng.Next(0, 120));
    }

    /// <summary>A running median of <paramref name="width"/> over <paramref name="n"/> codes: a fading run with spikes and dips, ties, or the int16 extremes.</summary>
    static KernelCase MedianFilter(Random rng, int width, int n)
    {
        var x = new short[n];
        int level = rng.Next(-8000, 2000);
        for (int i = 0; i < n; i++)
        {
            x[i] = (rng.Next(5)) switch
            {
                0 => (short)Math.Clamp(level + rng.Next(-3000, 3000), short.MinValue, short.MaxValue), // spike or dip
                1 => rng.Next(2) == 0 ? short.MinValue : short.MaxValue,
                2 => (short)level,                                                                    // ties
                _ => (short)Math.Clamp(level - i * 3 + rng.Next(-20, 21), short.MinValue, short.MaxValue),
            };
        }
        return KernelCase.MedianFilterS16(width, x);
    }

    static IEnumerable<KernelCase> MultiplierEdges(Random rng, int randomRows)
    {
        int[] xs = [int.MinValue, int.MinValue + 1, -65536, -1, 0, 1, 2, 3, 65535, int.MaxValue - 1, int.MaxValue];
        int[] multipliers = [int.MinValue, -(1 << 30), 0, 1, 2, 1 << 30, (1 << 30) + 1, int.MaxValue - 1, int.MaxValue];
        var rows = new List<(int X, int M, int S)>();
        foreach (int x in xs)
            foreach (int m in multipliers)
                for (int s = FixedPoint.MinShift; s <= FixedPoint.MaxShift; s++)
                    rows.Add((x, m, s));
        for (int i = 0; i < randomRows; i++) rows.Add((AnyInt32(rng), Multiplier(rng, signed: true), Shift(rng)));
        // Chunks small enough for the harness's fixed arena.
        foreach (var chunk in rows.Chunk(1000))
            yield return KernelCase.MultiplyByQuantizedMultiplier([.. chunk.Select(r => r.X)], [.. chunk.Select(r => r.M)], [.. chunk.Select(r => r.S)]);

        long[] wide = [-FixedPoint.MaxWideAccumulator - 5, -FixedPoint.MaxWideAccumulator, -(1L << 32) - 1, -65537, -65536, -32768, -1, 0, 1,
            32767, 32768, 65535, 65536, 1L << 40, FixedPoint.MaxWideAccumulator - 1, FixedPoint.MaxWideAccumulator, long.MaxValue, long.MinValue];
        var wideRows = new List<(long X, int M, int S)>();
        foreach (long x in wide)
            foreach (int m in multipliers)
                for (int s = FixedPoint.MinShift; s <= FixedPoint.MaxWideShift; s++)
                    wideRows.Add((x, m, s));
        for (int i = 0; i < randomRows; i++)
            wideRows.Add((rng.Next(3) == 0 ? rng.NextInt64(-(1L << 20), 1L << 20) : rng.NextInt64(-(1L << 48), 1L << 48), Multiplier(rng, signed: true),
                rng.Next(FixedPoint.MinShift, FixedPoint.MaxWideShift + 1)));
        foreach (var chunk in wideRows.Chunk(1000))
            yield return KernelCase.MultiplyByQuantizedMultiplierS64([.. chunk.Select(r => r.X)], [.. chunk.Select(r => r.M)], [.. chunk.Select(r => r.S)]);
    }

    static IEnumerable<KernelCase> InverseSqrt(Random rng, int randomRows)
    {
        var ds = new List<long> { 1, 2, 3, 4, 5, 15, 16, 17, 255, 256, 65535, 65536, 1L << 48, (1L << 48) + 1, InverseSquareRoot.MaxArgument, InverseSquareRoot.MaxArgument - 1 };
        for (int e = 2; e < 62; e++) ds.AddRange([(1L << e) - 1, 1L << e, (1L << e) + 1]);
        // Where floor(sqrt) steps: s^2 - 1, s^2 and (s + 1)^2 - 1 with s^2 in [2^60, 2^62), where the C root corrects its estimate.
        foreach (long s in new[] { 1L << 30, (1L << 30) + 1, 1518500249L, 1518500250L, (1L << 31) - 2, (1L << 31) - 1 }
                     .Concat(Enumerable.Range(0, 8).Select(_ => rng.NextInt64(1L << 30, 1L << 31))))
            ds.AddRange(new[] { s * s - 1, s * s, s * s + 2 * s }.Where(d => d <= InverseSquareRoot.MaxArgument));
        for (int i = 0; i < randomRows; i++) ds.Add(Math.Max(1, (long)(rng.NextDouble() * Math.Pow(2, rng.Next(1, 62)))));
        return ds.Chunk(1000).Select(chunk => KernelCase.InverseSqrtS64(chunk));
    }

    static KernelCase FullyConnectedS8S16(Random rng)
    {
        int batch = rng.Next(1, 4), inputs = Size(rng), outputs = Size(rng);
        var input = Int8s(rng, batch * inputs, -128);
        var weights = Int8s(rng, outputs * inputs, -127);
        int inputOffset = Offset(rng);
        // Keep the int32 accumulator in range: |sum| <= inputs * 255 * 127.
        int biasBound = int.MaxValue - inputs * 255 * 127;
        int[] bias = rng.Next(4) == 0 ? [] : [.. Enumerable.Range(0, outputs).Select(_ => Pick(rng, -biasBound, biasBound, rng.Next(-(1 << 20), 1 << 20)))];
        int[] multipliers = [.. Enumerable.Range(0, outputs).Select(_ => Multiplier(rng, signed: false))];
        int[] shifts = [.. Enumerable.Range(0, outputs).Select(_ => rng.Next(3) == 0 ? Shift(rng) : rng.Next(-20, -4))];
        var (lo, hi) = rng.Next(3) == 0 ? (0, short.MaxValue) : (short.MinValue, short.MaxValue); // a fused ReLU clamps at the zero point
        var p = new FullyConnectedParams(inputOffset, rng.Next(-100, 101), lo, hi);
        return KernelCase.FullyConnectedS8S16(p, batch, inputs, outputs, weights, bias, multipliers, shifts, input);
    }

    static KernelCase FullyConnectedS16(Random rng)
    {
        int batch = rng.Next(1, 4), inputs = Size(rng), outputs = Size(rng);
        var input = Int16s(rng, batch * inputs, short.MinValue);
        var weights = Int16s(rng, outputs * inputs, -short.MaxValue);
        long[] bias = rng.Next(4) == 0 ? [] : [.. Enumerable.Range(0, outputs).Select(_ => rng.Next(4) switch
        {
            0 => FixedPoint.MaxWideAccumulator, 1 => -FixedPoint.MaxWideAccumulator, _ => rng.NextInt64(-(1L << 40), 1L << 40),
        })];
        int[] multipliers = [.. Enumerable.Range(0, outputs).Select(_ => Multiplier(rng, signed: false))];
        int[] shifts = [.. Enumerable.Range(0, outputs).Select(_ => rng.Next(3) == 0
            ? Pick(rng, FixedPoint.MinShift, FixedPoint.MaxWideShift, rng.Next(FixedPoint.MinShift, FixedPoint.MaxWideShift + 1))
            : rng.Next(-31, -12))];
        // Offset 0 (the deployed anchors: their origin goes into the bias) takes the DSP loop; any other the portable one.
        int inputOffset = rng.Next(3) == 0 ? 0 : Pick(rng, -short.MaxValue, -short.MinValue, rng.Next(-1000, 1001));
        var p = new FullyConnectedParams(inputOffset, rng.Next(-1000, 1001), rng.Next(2) == 0 ? short.MinValue : 0, short.MaxValue);
        return KernelCase.FullyConnectedS16(p, batch, inputs, outputs, weights, bias, multipliers, shifts, input);
    }

    /// <summary>The first layer's kernel: the deployed window (100 codes) or sizes 1..67, so that every remainder of the DSP path's quads occurs.</summary>
    static KernelCase FullyConnectedS16W8(Random rng)
    {
        int batch = rng.Next(1, 4), inputs = rng.Next(3) == 0 ? 100 : Size(rng), outputs = Size(rng);
        var input = Int16s(rng, batch * inputs, short.MinValue);
        var weights = Int8s(rng, outputs * inputs, -127);
        long[] bias = rng.Next(4) == 0 ? [] : [.. Enumerable.Range(0, outputs).Select(_ => rng.Next(4) switch
        {
            0 => FixedPoint.MaxWideAccumulator, 1 => -FixedPoint.MaxWideAccumulator, _ => rng.NextInt64(-(1L << 40), 1L << 40),
        })];
        int[] multipliers = [.. Enumerable.Range(0, outputs).Select(_ => Multiplier(rng, signed: false))];
        int[] shifts = [.. Enumerable.Range(0, outputs).Select(_ => rng.Next(3) == 0
            ? Pick(rng, FixedPoint.MinShift, FixedPoint.MaxWideShift, rng.Next(FixedPoint.MinShift, FixedPoint.MaxWideShift + 1))
            : rng.Next(-31, -5))];
        var p = new FullyConnectedParams(0, rng.Next(-1000, 1001), rng.Next(2) == 0 ? short.MinValue : 0, short.MaxValue);
        return KernelCase.FullyConnectedS16W8(p, batch, inputs, outputs, weights, bias, multipliers, shifts, input);
    }

    static KernelCase LayerNorm(Random rng, bool int16Output)
    {
        int n = Size(rng), batch = rng.Next(1, 4);
        var input = new short[batch * n];
        for (int b = 0; b < batch; b++)
        {
            int mode = rng.Next(5);
            short constant = (short)Pick(rng, short.MinValue, short.MaxValue, rng.Next(short.MinValue, short.MaxValue + 1));
            for (int i = 0; i < n; i++)
                input[b * n + i] = mode switch
                {
                    0 => constant, // zero variance: the offset alone sets the scale
                    1 => i % 2 == 0 ? short.MinValue : short.MaxValue,
                    2 => (short)rng.Next(-3, 4),
                    _ => (short)Pick(rng, short.MinValue, short.MaxValue, rng.Next(short.MinValue, short.MaxValue + 1)),
                };
        }
        if (rng.Next(2) == 0)
        {
            // Constants as a deployed layer has them: most outputs inside the range, where every rounding shows.
            float[] gamma = [.. Enumerable.Range(0, n).Select(_ => (float)(0.5 + rng.NextDouble()))];
            float[] beta = [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5))];
            var output = int16Output ? new QuantizationParams(1.0 / 4096, 0) : QuantizationParams.FromMinMaxInt8(-3, 3);
            return KernelCase.LayerNorm(int16Output, LayerNormS16Params.Prepare(gamma, beta, 1e-5, Math.ScaleB(1.0, -rng.Next(8, 16)), output, int16Output,
                relu: rng.Next(3) == 0), batch, input);
        }
        int[] gains = [.. Enumerable.Range(0, n).Select(_ => Multiplier(rng, signed: true))];
        int shift = rng.Next(3) == 0 ? Pick(rng, FixedPoint.MinShift, FixedPoint.MaxShift, rng.Next(-31, 31)) : rng.Next(-4, 22);
        int[] bias = [.. Enumerable.Range(0, n).Select(_ => rng.Next(4) switch { 0 => int.MinValue / 2, 1 => int.MaxValue / 2, _ => rng.Next(-1 << 20, 1 << 20) })];
        long offset = rng.Next(4) switch { 0 => 1, 1 => LayerNormS16Params.MaxVarianceOffset, _ => rng.NextInt64(1, 1L << rng.Next(1, 48)) };
        int lo = int16Output ? short.MinValue : sbyte.MinValue, hi = int16Output ? short.MaxValue : sbyte.MaxValue;
        int zeroPoint = rng.Next(lo, hi + 1);
        var (min, max) = rng.Next(3) == 0 ? (zeroPoint, hi) : (lo, hi);
        return KernelCase.LayerNorm(int16Output, new LayerNormS16Params(n, gains, shift, bias, offset, min, max), batch, input);
    }

    static KernelCase Lut(Random rng)
    {
        var table = rng.Next(2) == 0 ? TanhTable(Math.ScaleB(1.0, -rng.Next(10, 14))) : Int16s(rng, LutS16.Length, short.MinValue);
        // One value in each of the 256 segments at a random fraction, and its mirror image: the interpolation's rounding
        // shows on few of them.
        var segments = Enumerable.Range(0, LutS16.Length - 1).Select(k => (short)(128 * k + rng.Next(128))).SelectMany(x => new[] { x, (short)-x });
        return KernelCase.LutS16(table, [.. Int16s(rng, Size(rng), short.MinValue), .. segments, short.MinValue, -32767, -1, 0, 1, short.MaxValue]);
    }

    static KernelCase Requantize(Random rng) =>
        KernelCase.RequantizeS16(Multiplier(rng, signed: false), Shift(rng), rng.Next(-128, 128), rng.Next(-128, 0), 127, Int16s(rng, Size(rng), short.MinValue));

    static KernelCase ScaledAdd(Random rng)
    {
        int channels = Size(rng), size = channels * rng.Next(1, 4);
        int[] Multipliers() => [.. Enumerable.Range(0, channels).Select(_ => Multiplier(rng, signed: true))];
        int[] Shifts() => [.. Enumerable.Range(0, channels).Select(_ => rng.Next(2) == 0 ? Shift(rng) : rng.Next(-3, 2))];
        return KernelCase.ScaledAddS16(Multipliers(), Shifts(), Multipliers(), Shifts(), Int16s(rng, size, short.MinValue), Int16s(rng, size, short.MinValue));
    }

    static KernelCase Euler(Random rng)
    {
        int h = Size(rng), r = rng.Next(1, Math.Min(h, 8) + 1), batch = rng.Next(1, 4);
        int[] Multipliers(int count) => [.. Enumerable.Range(0, count).Select(_ => Multiplier(rng, signed: true))];
        int[] WideShifts(int count) => [.. Enumerable.Range(0, count).Select(_ => rng.Next(3) == 0 ? Pick(rng, FixedPoint.MinShift, FixedPoint.MaxWideShift, rng.Next(-31, 16)) : rng.Next(-31, -12))];
        int[] Shifts(int count) => [.. Enumerable.Range(0, count).Select(_ => rng.Next(3) == 0 ? Pick(rng, FixedPoint.MinShift, FixedPoint.MaxShift, rng.Next(-31, 31)) : rng.Next(-4, 2))];
        var table = rng.Next(3) > 0 ? TanhTable(1.0 / 4096) : Int16s(rng, LutS16.Length, short.MinValue);
        var p = new LiquidEulerS16Params(h, r, Int16s(rng, r * h, -short.MaxValue), Multipliers(r), WideShifts(r), Int16s(rng, h * r, -short.MaxValue),
            Multipliers(h), WideShifts(h), Multipliers(h), Shifts(h), table, Multipliers(h), Shifts(h), Multipliers(h), Shifts(h));
        short[] drive = [.. Enumerable.Range(0, batch).Select(_ => (short)Pick(rng, short.MinValue, short.MaxValue, rng.Next(-8192, 8193)))];
        return KernelCase.LiquidEulerS16(p, batch, Int16s(rng, batch * h, short.MinValue), drive);
    }

    static KernelCase Forecast(Random rng, bool deployed = false)
    {
        int inputs = deployed ? rng.Next(4, 41) : Size(rng), size = Size(rng), count = deployed ? 3 : rng.Next(5) == 0 ? 0 : rng.Next(1, 5);
        int mode = rng.Next(4);
        sbyte[] activations = [.. Enumerable.Range(0, inputs).Select(_ => (sbyte)(mode switch { 0 => -128, 1 => 127, _ => rng.Next(-128, 128) }))];
        sbyte[] weights = [.. Enumerable.Range(0, size * inputs).Select(_ => (sbyte)(mode switch { 0 => -127, 1 => 127, _ => rng.Next(-127, 128) }))];
        int inputOffset = Offset(rng);
        int biasBound = int.MaxValue - inputs * 255 * 127;
        int[] bias = !deployed && rng.Next(4) == 0 ? [] : [.. Enumerable.Range(0, size).Select(_ => Pick(rng, -biasBound, biasBound, rng.Next(-(1 << 20), 1 << 20)))];
        byte[] rowShifts = [.. Enumerable.Range(0, size).Select(_ => (byte)Pick(rng, 0, 31, rng.Next(0, 32)))];
        int[] interpolation = [.. Enumerable.Range(0, size * count).Select(_ => rng.Next(3) switch { 0 => int.MaxValue, 1 => -int.MaxValue, _ => rng.Next() - rng.Next() })];
        short[] anchors = Int16s(rng, count, short.MinValue);
        // Any int32 offset: the kernel adds it to the high word in 64 bits (int32 would overflow at the ends).
        int offset = rng.Next(8) == 0 ? (rng.Next(2) == 0 ? int.MinValue : int.MaxValue) : Pick(rng, short.MinValue, short.MaxValue, rng.Next(-40000, 40001));
        return KernelCase.ForecastS8S16(new ForecastParams(inputs, inputOffset, weights, bias, rowShifts, count, interpolation), offset, activations, anchors);
    }

    /// <summary>tanh from the given input scale to Q0.15, as the deployed students build it.</summary>
    static short[] TanhTable(double inputScale)
    {
        var table = new short[LutS16.Length];
        LutS16.Build(table, Math.Tanh, inputScale, 1.0 / 32768);
        return table;
    }

    /// <summary>Odd and even sizes 1..67, biased towards the small and the odd.</summary>
    static int Size(Random rng) => rng.Next(3) == 0 ? 2 * rng.Next(0, 34) + 1 : rng.Next(1, 68);

    static int Pick(Random rng, int low, int high, int otherwise) => rng.Next(4) switch { 0 => low, 1 => high, _ => otherwise };

    static int Offset(Random rng) => Pick(rng, -127, 128, rng.Next(-127, 129));

    static int Shift(Random rng) => Pick(rng, FixedPoint.MinShift, FixedPoint.MaxShift, rng.Next(FixedPoint.MinShift, FixedPoint.MaxShift + 1));

    /// <summary>A Q31 significand: near 2^31, exactly 2^30, zero or tiny, or anywhere in [2^30, 2^31).</summary>
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
        return [.. Enumerable.Range(0, n).Select(_ => (sbyte)(mode switch { 0 => min, 1 => 127, _ => rng.Next(min, 128) }))];
    }

    /// <summary>Each value at the minimum, at 32767, or uniform in between.</summary>
    static short[] Int16s(Random rng, int n, int min) =>
        [.. Enumerable.Range(0, n).Select(_ => (short)Pick(rng, min, short.MaxValue, rng.Next(min, short.MaxValue + 1)))];
}
