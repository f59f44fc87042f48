using Dlnet.Int8;

namespace Dlnet.Tests.Quantization;

/// <summary>Constants outside the documented ranges are refused before any output is written.</summary>
public class KernelArgumentTests
{
    static readonly sbyte[] X = [1, 2, 3, 4];

    [Fact]
    public void FullyConnectedRefusesOffsetsClampsAndShapesOutOfRange()
    {
        var y = new short[1];
        int[] m = [1 << 30], s = [0];
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS8S16.Run(y, X, X, [], m, s, new FullyConnectedParams(129, 0, -128, 127), 1, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS8S16.Run(y, X, X, [], m, s, new FullyConnectedParams(0, 0, -128, 32768), 1, 4, 1));
        Assert.Throws<ArgumentException>(() => FullyConnectedS8S16.Run(y, X, X, [], m, s, new FullyConnectedParams(0, 0, -128, 127), 1, 2, 2));
        Assert.Throws<ArgumentException>(() => FullyConnectedS8S16.Run(y, X, X, [1, 2], m, s, new FullyConnectedParams(0, 0, -128, 127), 1, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS16.Run(new short[1], [1, 2], [1, 2], [], m, [16], new FullyConnectedParams(0, 0, -1, 1), 1, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS16.Run(new short[1], [1, 2], [1, 2], [(1L << 47) + 1], m, s, new FullyConnectedParams(0, 0, -1, 1), 1, 2, 1));
        // The int16 x int8 first layer takes no input offset (the window's origin is in its bias), and the same checks.
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS16W8.Run(new short[1], [1, 2], X[..2], [], m, s, new FullyConnectedParams(1, 0, -1, 1), 1, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS16W8.Run(new short[1], [1, 2], X[..2], [], m, [16], new FullyConnectedParams(0, 0, -1, 1), 1, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS16W8.Run(new short[1], [1, 2], X[..2], [(1L << 47) + 1], m, s, new FullyConnectedParams(0, 0, -1, 1), 1, 2, 1));
        Assert.Throws<ArgumentException>(() => FullyConnectedS16W8.Run(new short[1], [1, 2], X, [], m, s, new FullyConnectedParams(0, 0, -1, 1), 1, 2, 1));
    }

    [Fact]
    public void ABadShiftOfALaterChannelLeavesTheOutputUntouched()
    {
        var y = new short[] { 42, 42 };
        Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnectedS8S16.Run(y, X, [.. X, .. X], [], [1 << 30, 1 << 30], [0, 31],
            new FullyConnectedParams(0, 0, -128, 127), 1, 4, 2));
        Assert.Equal(new short[] { 42, 42 }, y);
        var z = new short[] { 7, 7 };
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaledAddS16.Run(z, [1, 2], [3, 4], [1, 1], [0, 0], [1, 1], [0, -32], channels: 2));
        Assert.Equal(new short[] { 7, 7 }, z);
    }

    [Fact]
    public void RequantisationRefusesShiftsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint.MultiplyByQuantizedMultiplier(1, 1 << 30, 31));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint.RoundingDivideByPowerOfTwo(1, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => RequantizeS16.Run(new sbyte[1], [1], 1 << 30, 31, 0, -128, 127));
    }

    [Fact]
    public void TablesAndScaledAddRefuseWrongLengths()
    {
        Assert.Throws<ArgumentException>(() => LutS16.Apply(new short[1], [1], new short[512]));
        Assert.Throws<ArgumentException>(() => ScaledAddS16.Run(new short[3], [1, 2, 3], [1, 2, 3], [1, 1], [0, 0], [1, 1], [0, 0], channels: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RequantizeS16.Run(new sbyte[1], [1], 1 << 30, 0, 0, -129, 127));
        Assert.Throws<ArgumentException>(() => RequantizeS16.Run(new sbyte[2], [1], 1 << 30, 0, 0, -128, 127));
    }
}
