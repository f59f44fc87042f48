using Dlnet.Int8;

namespace Dlnet.Tests.Quantization;

/// <summary>Constants outside the documented ranges are refused before any output is written.</summary>
public class KernelArgumentTests
{
    static readonly sbyte[] X = [1, 2, 3, 4];

    [Fact]
    public void FullyConnectedRefusesOffsetsClampsAndShapesOutOfRange()
    {
        var y = new sbyte[1];
        int[] m = [1 << 30], s = [0];
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS8.Run(y, X, X, [], m, s, new FullyConnectedParams(129, 0, -128, 127), 1, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS8.Run(y, X, X, [], m, s, new FullyConnectedParams(0, 0, -128, 128), 1, 4, 1));
        Assert.Throws<ArgumentException>(() => FullyConnectedS8.Run(y, X, X, [], m, s, new FullyConnectedParams(0, 0, -128, 127), 1, 2, 2));
        Assert.Throws<ArgumentException>(() => FullyConnectedS8.Run(y, X, X, [1, 2], m, s, new FullyConnectedParams(0, 0, -128, 127), 1, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS16.Run(new short[1], [1, 2], [1, 2], [], m, [16], new FullyConnectedParams(0, 0, -1, 1), 1, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS16.Run(new short[1], [1, 2], [1, 2], [(1L << 47) + 1], m, s, new FullyConnectedParams(0, 0, -1, 1), 1, 2, 1));
    }

    [Fact]
    public void ABadShiftOfALaterChannelLeavesTheOutputUntouched()
    {
        var y = new sbyte[] { 42, 42 };
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS8.Run(y, X, [.. X, .. X], [], [1 << 30, 1 << 30], [0, 31],
            new FullyConnectedParams(0, 0, -128, 127), 1, 4, 2));
        Assert.Equal(new sbyte[] { 42, 42 }, y);
        var z = new short[] { 7, 7 };
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaledAddS16.Run(z, [1, 2], [3, 4], [1, 1], [0, 0], [1, 1], [0, -32], channels: 2));
        Assert.Equal(new short[] { 7, 7 }, z);
    }

    [Fact]
    public void ElementwiseKernelsRefuseConstantsOutOfRange()
    {
        var y = new sbyte[4];
        var add = AddS8Params.Create(new(0.1, 0), new(0.2, 3), new(0.3, -5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ElementwiseAddS8.Run(y, X, X, add with { LeftShift = 23 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ElementwiseAddS8.Run(y, X, X, add with { OutputOffset = 128 }));
        Assert.Throws<ArgumentException>(() => ElementwiseAddS8.Run(y, X, X.AsSpan(0, 3), add));
        var mul = MulS8Params.Create(new(0.1, 0), new(0.2, 3), new(0.3, -5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ElementwiseMulS8.Run(y, X, X, mul with { Input2Offset = -128 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint.MultiplyByQuantizedMultiplier(1, 1 << 30, 31));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint.RoundingDivideByPowerOfTwo(1, 32));
    }

    [Fact]
    public void TablesAndScaledAddRefuseWrongLengths()
    {
        Assert.Throws<ArgumentException>(() => LookupTableS8.Apply(new sbyte[4], X, new sbyte[255]));
        Assert.Throws<ArgumentException>(() => LookupTableS16.Apply(new short[1], [1], new short[512]));
        Assert.Throws<ArgumentException>(() => ScaledAddS16.Run(new short[3], [1, 2, 3], [1, 2, 3], [1, 1], [0, 0], [1, 1], [0, 0], channels: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RequantizeS32.ToS8(new sbyte[1], [1], 1 << 30, 0, 0, -129, 127));
    }
}
