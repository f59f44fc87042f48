using Dlnet.Nn.Layers;

namespace Dlnet.Tests.Nn;

public class DropoutTests
{
    private static float[] Mask(Dropout<float> layer, ulong seed, int batch)
    {
        var x = Enumerable.Repeat(1f, batch * layer.InputSize).ToArray();
        var y = new float[x.Length];
        layer.Forward(y, x, new float[layer.StateSize(batch)], batch, new LayerPass(true, seed));
        return y;
    }

    [Fact]
    public void MaskDependsOnlyOnSeedStreamAndPosition()
    {
        var a = new Dropout<float>(64, 0.1, stream: 1);
        Assert.Equal(Mask(a, 7, 32), Mask(a, 7, 32));
        // The first samples of a bigger batch see the same masks: position, not call history, decides.
        Assert.Equal(Mask(a, 7, 4), Mask(a, 7, 32)[..(4 * 64)]);
        Assert.NotEqual(Mask(a, 7, 32), Mask(a, 8, 32));
        Assert.NotEqual(Mask(a, 7, 32), Mask(new Dropout<float>(64, 0.1, stream: 2), 7, 32));
    }

    [Fact]
    public void DropsTheRequestedFractionAndKeepsTheMean()
    {
        var y = Mask(new Dropout<float>(256, 0.1, stream: 3), 123, 200);
        double dropped = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(dropped, 0.09, 0.11);
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.9f) < 1e-6));
        Assert.InRange(y.Average(), 0.98, 1.02);
    }

    [Fact]
    public void InferenceIsIdentity()
    {
        var layer = new Dropout<float>(5, 0.5, stream: 0);
        float[] x = [1, -2, 3, -4, 5];
        var y = new float[5];
        layer.Forward(y, x, new float[layer.StateSize(1)], 1, LayerPass.Inference);
        Assert.Equal(x, y);
    }
}
