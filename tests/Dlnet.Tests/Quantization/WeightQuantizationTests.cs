using Dlnet.Int8;

namespace Dlnet.Tests.Quantization;

public class WeightQuantizationTests
{
    [Fact]
    public void EachOutputChannelUsesItsOwnScale()
    {
        float[] w = [0.5f, -1.0f, 0.25f, /* row 1 */ 0.02f, 0.01f, -0.005f, /* row 2 */ 0, 0, 0];
        var q = new sbyte[9];
        var scales = new double[3];
        WeightQuantization.QuantizePerChannelInt8(q, scales, w, outputs: 3, inputs: 3);
        Assert.Equal(1.0 / 127, scales[0], 1e-12);
        Assert.Equal(0.02 / 127, scales[1], 1e-10); // 0.02f is not exactly 0.02
        Assert.Equal(1.0, scales[2]);
        Assert.Equal(new sbyte[] { 64, -127, 32, 127, 64, -32, 0, 0, 0 }, q); // 63.5 and 31.75 round to 64 and 32
    }

    [Fact]
    public void BiasUsesInputScaleTimesWeightScale()
    {
        var q = new int[2];
        WeightQuantization.QuantizeBiasInt32(q, [0.1f, -0.3f], inputScale: 0.01, weightScales: [0.001, 0.002]);
        Assert.Equal([10000, -15000], q);
    }

    [Fact]
    public void OutputMultipliersAreInputTimesWeightOverOutputScale()
    {
        var m = new int[1];
        var s = new int[1];
        WeightQuantization.OutputMultipliers(m, s, inputScale: 0.5, weightScales: [0.25], outputScale: 0.5);
        Assert.Equal((1 << 30, -1), (m[0], s[0]));
    }
}
