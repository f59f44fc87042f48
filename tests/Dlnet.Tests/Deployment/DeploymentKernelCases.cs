using System.Runtime.InteropServices;
using Dlnet.Int8;

namespace Dlnet.Tests.Deployment;

/// <summary>
/// Random cases for the deployment kernels (inverse square root, layer norm, Euler step, forecast head),
/// drawn with a fixed seed, run through the C# reference and written for deployment_harness.c: odd sizes 1..67,
/// inputs pinned at the ends of int16, constant rows (zero variance), multipliers near 2^31 and zero, shifts at
/// both ends of their ranges, narrowed clamps.
/// </summary>
static class DeploymentKernelCases
{
    const int Magic = 0x31444C44; // "DLD1"

    enum Op { End = 0, InverseSqrt = 1, LayerNormS8 = 2, LayerNormS16 = 3, LiquidEuler = 4, Forecast = 6 }

    /// <summary>Writes the cases to <paramref name="path"/>; returns how many.</summary>
    public static int Write(string path, int seed, int casesPerKernel)
    {
        var rng = new Random(seed);
        using var w = new BinaryWriter(File.Create(path));
        w.Write(Magic);
        int count = 0;
        WriteInverseSqrt(w, rng);
        count++;
        for (int c = 0; c < casesPerKernel; c++)
        {
            WriteLayerNorm(w, rng, int16Output: false);
            WriteLayerNorm(w, rng, int16Output: true);
            WriteEuler(w, rng);
            WriteForecast(w, rng);
            count += 4;
        }
        w.Write((int)Op.End);
        return count;
    }

    static void WriteInverseSqrt(BinaryWriter w, Random rng)
    {
        var ds = new List<long> { 1, 2, 3, 4, 5, 15, 16, 17, 255, 256, 65535, 65536, 1L << 48, (1L << 48) + 1, InverseSquareRoot.MaxArgument, InverseSquareRoot.MaxArgument - 1 };
        for (int e = 2; e < 62; e++) ds.AddRange([(1L << e) - 1, 1L << e, (1L << e) + 1]);
        for (int i = 0; i < 2000; i++) ds.Add(Math.Max(1, (long)(rng.NextDouble() * Math.Pow(2, rng.Next(1, 62)))));
        w.Write((int)Op.InverseSqrt);
        w.Write(ds.Count);
        foreach (long d in ds)
        {
            var (m, s) = InverseSquareRoot.Compute(d);
            w.Write(d);
            w.Write(m);
            w.Write(s);
        }
    }

    static void WriteLayerNorm(BinaryWriter w, Random rng, bool int16Output)
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
        var multipliers = Enumerable.Range(0, n).Select(_ => Multiplier(rng)).ToArray();
        int shift = rng.Next(3) == 0 ? Pick(rng, FixedPoint.MinShift, FixedPoint.MaxShift, rng.Next(-31, 31)) : rng.Next(-4, 22);
        var bias = Enumerable.Range(0, n).Select(_ => rng.Next(4) switch { 0 => int.MinValue / 2, 1 => int.MaxValue / 2, _ => rng.Next(-1 << 20, 1 << 20) }).ToArray();
        long offset = rng.Next(4) switch { 0 => 1, 1 => LayerNormS16Params.MaxVarianceOffset, _ => rng.NextInt64(1, 1L << rng.Next(1, 48)) };
        int lo = int16Output ? short.MinValue : sbyte.MinValue, hi = int16Output ? short.MaxValue : sbyte.MaxValue;
        int zeroPoint = rng.Next(lo, hi + 1);
        var (min, max) = rng.Next(3) == 0 ? (zeroPoint, hi) : (lo, hi);
        var p = new LayerNormS16Params(n, multipliers, shift, bias, offset, min, max);
        w.Write((int)(int16Output ? Op.LayerNormS16 : Op.LayerNormS8));
        w.Write(batch);
        w.Write(n);
        w.Write(offset);
        Ints(w, shift, min, max);
        Bytes<int>(w, multipliers);
        Bytes<int>(w, bias);
        Bytes<short>(w, input);
        if (int16Output)
        {
            var expected = new short[batch * n];
            LayerNormS16.RunS16(expected, input, p, batch);
            Bytes<short>(w, expected);
        }
        else
        {
            var expected = new sbyte[batch * n];
            LayerNormS16.Run(expected, input, p, batch);
            Bytes<sbyte>(w, expected);
        }
    }

    static void WriteEuler(BinaryWriter w, Random rng)
    {
        int h = Size(rng), r = rng.Next(1, Math.Min(h, 8) + 1), batch = rng.Next(1, 4);
        short[] Int16s(int count) => Enumerable.Range(0, count).Select(_ => (short)Pick(rng, -short.MaxValue, short.MaxValue, rng.Next(-short.MaxValue, short.MaxValue + 1))).ToArray();
        int[] Multipliers(int count) => Enumerable.Range(0, count).Select(_ => Multiplier(rng)).ToArray();
        int[] WideShifts(int count) => Enumerable.Range(0, count).Select(_ => rng.Next(3) == 0 ? Pick(rng, FixedPoint.MinShift, FixedPoint.MaxWideShift, rng.Next(-31, 16)) : rng.Next(-31, -12)).ToArray();
        int[] Shifts(int count) => Enumerable.Range(0, count).Select(_ => rng.Next(3) == 0 ? Pick(rng, FixedPoint.MinShift, FixedPoint.MaxShift, rng.Next(-31, 31)) : rng.Next(-4, 2)).ToArray();
        var table = new short[LookupTableS16.Length];
        if (rng.Next(3) > 0) LookupTableS16.Build(table, Math.Tanh, 1.0 / 4096, 1.0 / 32768);
        else for (int k = 0; k < table.Length; k++) table[k] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
        var p = new LiquidEulerS16Params(h, r, Int16s(r * h), Multipliers(r), WideShifts(r), Int16s(h * r), Multipliers(h), WideShifts(h),
            Multipliers(h), Shifts(h), table, Multipliers(h), Shifts(h), Multipliers(h), Shifts(h));
        var state = Enumerable.Range(0, batch * h).Select(_ => (short)Pick(rng, short.MinValue, short.MaxValue, rng.Next(short.MinValue, short.MaxValue + 1))).ToArray();
        var drive = Enumerable.Range(0, batch).Select(_ => (short)Pick(rng, short.MinValue, short.MaxValue, rng.Next(-8192, 8193))).ToArray();
        var expected = new short[batch * h];
        LiquidEulerS16.Step(expected, state, drive, p, new short[p.ScratchLength], batch);
        w.Write((int)Op.LiquidEuler);
        w.Write(batch);
        Ints(w, h, r);
        Bytes<short>(w, p.ProjectionWeights);
        Bytes<int>(w, p.ProjectionMultipliers);
        Bytes<int>(w, p.ProjectionShifts);
        Bytes<short>(w, p.ExpansionWeights);
        Bytes<int>(w, p.ExpansionMultipliers);
        Bytes<int>(w, p.ExpansionShifts);
        Bytes<int>(w, p.DiagonalMultipliers);
        Bytes<int>(w, p.DiagonalShifts);
        Bytes<short>(w, table);
        Bytes<int>(w, p.DecayMultipliers);
        Bytes<int>(w, p.DecayShifts);
        Bytes<int>(w, p.DriveMultipliers);
        Bytes<int>(w, p.DriveShifts);
        Bytes<short>(w, state);
        Bytes<short>(w, drive);
        Bytes<short>(w, expected);
    }

    static void WriteForecast(BinaryWriter w, Random rng)
    {
        int inputs = Size(rng), size = Size(rng), count = rng.Next(5) == 0 ? 0 : rng.Next(1, 5);
        int mode = rng.Next(4);
        var activations = Enumerable.Range(0, inputs).Select(_ => (sbyte)(mode switch { 0 => -128, 1 => 127, _ => rng.Next(-128, 128) })).ToArray();
        var weights = Enumerable.Range(0, size * inputs).Select(_ => (sbyte)(mode switch { 0 => -127, 1 => 127, _ => rng.Next(-127, 128) })).ToArray();
        int inputOffset = Pick(rng, -127, 128, rng.Next(-127, 129));
        int biasBound = int.MaxValue - inputs * 255 * 127;
        var bias = rng.Next(4) == 0 ? [] : Enumerable.Range(0, size).Select(_ => Pick(rng, -biasBound, biasBound, rng.Next(-(1 << 20), 1 << 20))).ToArray();
        var rowShifts = Enumerable.Range(0, size).Select(_ => Pick(rng, 0, 31, rng.Next(0, 32))).ToArray();
        var interpolation = Enumerable.Range(0, size * count).Select(_ => rng.Next(3) switch { 0 => int.MaxValue, 1 => -int.MaxValue, _ => rng.Next() - rng.Next() }).ToArray();
        var anchors = Enumerable.Range(0, count).Select(_ => (short)Pick(rng, short.MinValue, short.MaxValue, rng.Next(short.MinValue, short.MaxValue + 1))).ToArray();
        int offset = Pick(rng, short.MinValue, short.MaxValue, rng.Next(-40000, 40001));
        var p = new ForecastParams(inputs, inputOffset, weights, bias, rowShifts, count, interpolation);
        var expected = new short[size];
        ForecastS8S16.Run(expected, activations, anchors, offset, p);
        w.Write((int)Op.Forecast);
        w.Write(size);
        Ints(w, inputs, inputOffset, count, offset, bias.Length == 0 ? 0 : 1);
        Bytes<sbyte>(w, activations);
        Bytes<sbyte>(w, weights);
        Bytes<int>(w, bias);
        Bytes<int>(w, rowShifts);
        Bytes<int>(w, interpolation);
        Bytes<short>(w, anchors);
        Bytes<short>(w, expected);
    }

    /// <summary>Odd and even sizes 1..67, biased towards the small and the odd.</summary>
    static int Size(Random rng) => rng.Next(3) == 0 ? 2 * rng.Next(0, 34) + 1 : rng.Next(1, 68);

    static int Pick(Random rng, int low, int high, int otherwise) => rng.Next(4) switch { 0 => low, 1 => high, _ => otherwise };

    /// <summary>A signed Q31 significand: near +-2^31, exactly 2^30, zero or tiny, or anywhere.</summary>
    static int Multiplier(Random rng)
    {
        int m = rng.Next(6) switch
        {
            0 => int.MaxValue - rng.Next(0, 4),
            1 => 1 << 30,
            2 => rng.Next(0, 3),
            _ => rng.Next(1 << 30, int.MaxValue),
        };
        return rng.Next(2) == 0 ? -m : m;
    }

    static void Ints(BinaryWriter w, params ReadOnlySpan<int> values)
    {
        foreach (int v in values) w.Write(v);
    }

    // Little-endian machines only (x86-64, AArch64, Cortex-M), like the harness.
    static void Bytes<T>(BinaryWriter w, ReadOnlySpan<T> values) where T : unmanaged => w.Write(MemoryMarshal.AsBytes(values));
}
