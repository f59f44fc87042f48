using Dlnet.Int8;

namespace Dlnet.Tests.Native;

/// <summary>The kernels and fixed-point primitives the runtime harness (runtime/tests/harness.c) runs, by op number.</summary>
enum KernelOp
{
    MultiplyByQuantizedMultiplier = 1,
    MultiplyByQuantizedMultiplierS64 = 2,
    InverseSqrtS64 = 3,
    FullyConnectedS8S16 = 4,
    FullyConnectedS16 = 5,
    LayerNormS16S8 = 6,
    LayerNormS16 = 7,
    LutS16 = 8,
    RequantizeS16 = 9,
    ScaledAddS16 = 10,
    LiquidEulerS16 = 11,
    ForecastS8S16 = 12,
    MedianFilterS16 = 13,
    FullyConnectedS16W8 = 14,
}

/// <summary>
/// One call of a kernel: its op and its input tensors (sbyte[], byte[], short[], int[] or long[]), in the order the
/// harness's run_ function of that op reads them. The factories below fix that order; <see cref="Expected"/> reads
/// it back and runs the C# twin, whose output is the expectation the C kernel must reproduce bit for bit.
/// </summary>
sealed record KernelCase(KernelOp Op, Array[] Inputs)
{
    public static KernelCase MultiplyByQuantizedMultiplier(int[] x, int[] multipliers, int[] shifts) =>
        new(KernelOp.MultiplyByQuantizedMultiplier, [x, multipliers, shifts]);

    public static KernelCase MultiplyByQuantizedMultiplierS64(long[] x, int[] multipliers, int[] shifts) =>
        new(KernelOp.MultiplyByQuantizedMultiplierS64, [x, multipliers, shifts]);

    public static KernelCase InverseSqrtS64(long[] d) => new(KernelOp.InverseSqrtS64, [d]);

    public static KernelCase FullyConnectedS8S16(FullyConnectedParams p, int batch, int inputs, int outputs, sbyte[] weights, int[] bias,
        int[] multipliers, int[] shifts, sbyte[] input) =>
        new(KernelOp.FullyConnectedS8S16, [FullyConnectedScalars(p, batch, inputs, outputs), weights, bias, multipliers, shifts, input]);

    public static KernelCase FullyConnectedS16(FullyConnectedParams p, int batch, int inputs, int outputs, short[] weights, long[] bias,
        int[] multipliers, int[] shifts, short[] input) =>
        new(KernelOp.FullyConnectedS16, [FullyConnectedScalars(p, batch, inputs, outputs), weights, bias, multipliers, shifts, input]);

    public static KernelCase FullyConnectedS16W8(FullyConnectedParams p, int batch, int inputs, int outputs, sbyte[] weights, long[] bias,
        int[] multipliers, int[] shifts, short[] input) =>
        new(KernelOp.FullyConnectedS16W8, [FullyConnectedScalars(p, batch, inputs, outputs), weights, bias, multipliers, shifts, input]);

    static int[] FullyConnectedScalars(FullyConnectedParams p, int batch, int inputs, int outputs) =>
        [batch, inputs, outputs, p.InputOffset, p.OutputOffset, p.ActivationMin, p.ActivationMax];

    public static KernelCase LayerNorm(bool int16Output, LayerNormS16Params p, int batch, short[] input) =>
        new(int16Output ? KernelOp.LayerNormS16 : KernelOp.LayerNormS16S8,
            [new[] { batch, p.Size, p.GainShift, p.ActivationMin, p.ActivationMax }, new[] { p.VarianceOffset }, p.GainMultipliers, p.Bias, input]);

    public static KernelCase LutS16(short[] table, short[] input) => new(KernelOp.LutS16, [table, input]);

    public static KernelCase RequantizeS16(int multiplier, int shift, int outputOffset, int activationMin, int activationMax, short[] input) =>
        new(KernelOp.RequantizeS16, [new[] { multiplier, shift, outputOffset, activationMin, activationMax }, input]);

    public static KernelCase MedianFilterS16(int width, short[] input) => new(KernelOp.MedianFilterS16, [new[] { width }, input]);

    public static KernelCase ScaledAddS16(int[] multipliersA, int[] shiftsA, int[] multipliersB, int[] shiftsB, short[] a, short[] b) =>
        new(KernelOp.ScaledAddS16, [new[] { multipliersA.Length }, multipliersA, shiftsA, multipliersB, shiftsB, a, b]);

    public static KernelCase LiquidEulerS16(LiquidEulerS16Params p, int batch, short[] state, short[] drive) =>
        new(KernelOp.LiquidEulerS16,
        [
            new[] { batch, p.Hidden, p.Rank }, p.ProjectionWeights, p.ProjectionMultipliers, p.ProjectionShifts,
            p.ExpansionWeights, p.ExpansionMultipliers, p.ExpansionShifts, p.DiagonalMultipliers, p.DiagonalShifts, p.TanhTable,
            p.DecayMultipliers, p.DecayShifts, p.DriveMultipliers, p.DriveShifts, state, drive,
        ]);

    public static KernelCase ForecastS8S16(ForecastParams p, int offset, sbyte[] activations, short[] anchors) =>
        new(KernelOp.ForecastS8S16,
            [new[] { p.Inputs, p.InputOffset, p.Size, p.AnchorCount, offset }, p.Weights, p.Bias, p.RowShifts, p.Interpolation, activations, anchors]);

    /// <summary>What the C# twin computes for these inputs: int[] for the primitives, the kernel's output type otherwise.</summary>
    public Array Expected()
    {
        switch (Op)
        {
            case KernelOp.MultiplyByQuantizedMultiplier:
            {
                int[] x = At<int>(0), m = At<int>(1), s = At<int>(2);
                return Enumerable.Range(0, x.Length).Select(i => FixedPoint.MultiplyByQuantizedMultiplier(x[i], m[i], s[i])).ToArray();
            }
            case KernelOp.MultiplyByQuantizedMultiplierS64:
            {
                long[] x = At<long>(0);
                int[] m = At<int>(1), s = At<int>(2);
                return Enumerable.Range(0, x.Length).Select(i => FixedPoint.MultiplyByQuantizedMultiplier(x[i], m[i], s[i])).ToArray();
            }
            case KernelOp.InverseSqrtS64:
                return At<long>(0).SelectMany(d =>
                {
                    var (m, s) = InverseSquareRoot.Compute(d);
                    return new[] { m, s };
                }).ToArray();
            case KernelOp.FullyConnectedS8S16:
            {
                var (p, batch, inputs, outputs) = FullyConnected(At<int>(0));
                var y = new short[batch * outputs];
                Dlnet.Int8.FullyConnectedS8S16.Run(y, At<sbyte>(5), At<sbyte>(1), At<int>(2), At<int>(3), At<int>(4), p, batch, inputs, outputs);
                return y;
            }
            case KernelOp.FullyConnectedS16:
            {
                var (p, batch, inputs, outputs) = FullyConnected(At<int>(0));
                var y = new short[batch * outputs];
                Dlnet.Int8.FullyConnectedS16.Run(y, At<short>(5), At<short>(1), At<long>(2), At<int>(3), At<int>(4), p, batch, inputs, outputs);
                return y;
            }
            case KernelOp.FullyConnectedS16W8:
            {
                var (p, batch, inputs, outputs) = FullyConnected(At<int>(0));
                var y = new short[batch * outputs];
                Dlnet.Int8.FullyConnectedS16W8.Run(y, At<short>(5), At<sbyte>(1), At<long>(2), At<int>(3), At<int>(4), p, batch, inputs, outputs);
                return y;
            }
            case KernelOp.LayerNormS16S8 or KernelOp.LayerNormS16:
            {
                int[] c = At<int>(0);
                var p = new LayerNormS16Params(c[1], At<int>(2), c[2], At<int>(3), At<long>(1)[0], c[3], c[4]);
                if (Op == KernelOp.LayerNormS16S8)
                {
                    var y8 = new sbyte[c[0] * p.Size];
                    LayerNormS16.Run(y8, At<short>(4), p, c[0]);
                    return y8;
                }
                var y16 = new short[c[0] * p.Size];
                LayerNormS16.RunS16(y16, At<short>(4), p, c[0]);
                return y16;
            }
            case KernelOp.LutS16:
            {
                var y = new short[At<short>(1).Length];
                Dlnet.Int8.LutS16.Apply(y, At<short>(1), At<short>(0));
                return y;
            }
            case KernelOp.RequantizeS16:
            {
                int[] c = At<int>(0);
                var y = new sbyte[At<short>(1).Length];
                Dlnet.Int8.RequantizeS16.Run(y, At<short>(1), c[0], c[1], c[2], c[3], c[4]);
                return y;
            }
            case KernelOp.MedianFilterS16:
            {
                var y = new short[At<short>(1).Length];
                Dlnet.Int8.MedianFilterS16.Run(y, At<short>(1), At<int>(0)[0]);
                return y;
            }
            case KernelOp.ScaledAddS16:
            {
                var y = new short[At<short>(5).Length];
                Dlnet.Int8.ScaledAddS16.Run(y, At<short>(5), At<short>(6), At<int>(1), At<int>(2), At<int>(3), At<int>(4), At<int>(0)[0]);
                return y;
            }
            case KernelOp.LiquidEulerS16:
            {
                int[] c = At<int>(0);
                var p = new LiquidEulerS16Params(c[1], c[2], At<short>(1), At<int>(2), At<int>(3), At<short>(4), At<int>(5), At<int>(6),
                    At<int>(7), At<int>(8), At<short>(9), At<int>(10), At<int>(11), At<int>(12), At<int>(13));
                var y = new short[c[0] * p.Hidden];
                Dlnet.Int8.LiquidEulerS16.Step(y, At<short>(14), At<short>(15), p, new short[p.ScratchLength], c[0]);
                return y;
            }
            case KernelOp.ForecastS8S16:
            {
                int[] c = At<int>(0);
                // One-byte tensors are read as sbyte; the row shifts are uint8 in [0, 31], the same bits.
                var p = new ForecastParams(c[0], c[1], At<sbyte>(1), At<int>(2), [.. At<sbyte>(3).Select(s => (byte)s)], c[3], At<int>(4));
                if (p.Size != c[2]) throw new InvalidDataException($"forecast case: {p.Size} row shifts for {c[2]} outputs");
                var y = new short[p.Size];
                Dlnet.Int8.ForecastS8S16.Run(y, At<sbyte>(5), At<short>(6), c[4], p);
                return y;
            }
            default:
                throw new InvalidDataException($"unknown kernel op {(int)Op}");
        }
    }

    static (FullyConnectedParams P, int Batch, int Inputs, int Outputs) FullyConnected(int[] c) =>
        (new FullyConnectedParams(c[3], c[4], c[5], c[6]), c[0], c[1], c[2]);

    T[] At<T>(int k) => k < Inputs.Length && Inputs[k] is T[] values
        ? values
        : throw new InvalidDataException($"{Op} case: input {k} is not a {typeof(T).Name} tensor");
}
