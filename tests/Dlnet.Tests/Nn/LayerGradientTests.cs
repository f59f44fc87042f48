using Dlnet.Nn;
using Dlnet.Nn.Layers;

namespace Dlnet.Tests.Nn;

public class LayerGradientTests
{
    private const double Tolerance = 1e-6;

    private static void AssertGradients(ILayer<double> layer, ParameterStore<double> store, LayerPass pass, bool skipKinks = false)
    {
        layer.Initialize(new Random(3));
        // Move learnable values away from their neat initial constants so every term is exercised.
        var rng = new Random(5);
        for (int i = 0; i < store.Count; i++) store.Values[i] += rng.NextDouble() * 0.2 - 0.1;
        var (worst, report) = LayerGradientCheck.Run(layer, store, batch: 3, seed: 11, pass, skipKinks);
        Assert.True(worst < Tolerance, $"worst relative error {worst:E2}{Environment.NewLine}{report}");
    }

    [Fact]
    public void DenseGradients()
    {
        var store = new ParameterStore<double>();
        AssertGradients(new Dense<double>(store, "fc", 7, 5), store, LayerPass.Inference);
    }

    [Fact]
    public void DenseWithoutBiasGradients()
    {
        var store = new ParameterStore<double>();
        AssertGradients(new Dense<double>(store, "fc", 9, 19, bias: false), store, LayerPass.Inference);
    }

    [Fact]
    public void LayerNormGradients()
    {
        var store = new ParameterStore<double>();
        AssertGradients(new LayerNorm<double>(store, "ln", 6), store, LayerPass.Inference);
    }

    [Theory]
    [InlineData(ActivationKind.ReLU)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Sigmoid)]
    [InlineData(ActivationKind.LeCunTanh)]
    public void ActivationGradients(ActivationKind kind)
    {
        var store = new ParameterStore<double>();
        AssertGradients(new Activation<double>(kind, 10), store, LayerPass.Inference, skipKinks: kind == ActivationKind.ReLU);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DropoutGradients(bool training)
    {
        var store = new ParameterStore<double>();
        AssertGradients(new Dropout<double>(12, 0.3, stream: 1), store, new LayerPass(training, 42));
    }

    [Fact]
    public void StackGradients()
    {
        var store = new ParameterStore<double>();
        var stack = new LayerStack<double>([
            new Dense<double>(store, "a", 5, 8), new LayerNorm<double>(store, "ln", 8), new Activation<double>(ActivationKind.Tanh, 8),
            new Dropout<double>(8, 0.25, 1), new Dense<double>(store, "b", 8, 3)]);
        AssertGradients(new StackAsLayer(stack), store, new LayerPass(true, 9));
    }

    [Fact]
    public void ResidualGradients()
    {
        var rng = new Random(2);
        double[] a = Enumerable.Range(0, 6).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] b = Enumerable.Range(0, 6).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] g = Enumerable.Range(0, 6).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double r = 0.37, h = 1e-6;
        var y = new double[6];
        double Loss(double[] aa, double[] bb, double rr) { Residual.Forward<double>(y, aa, bb, rr); return y.Select((v, i) => v * g[i]).Sum(); }
        var da = new double[6];
        var db = new double[6];
        double dr = Residual.Backward<double>(da, db, g, b, r);
        Assert.Equal((Loss(a, b, r + h) - Loss(a, b, r - h)) / (2 * h), dr, 1e-8);
        for (int i = 0; i < 6; i++)
        {
            var ap = (double[])a.Clone(); ap[i] += h; var am = (double[])a.Clone(); am[i] -= h;
            var bp = (double[])b.Clone(); bp[i] += h; var bm = (double[])b.Clone(); bm[i] -= h;
            Assert.Equal((Loss(ap, b, r) - Loss(am, b, r)) / (2 * h), da[i], 1e-8);
            Assert.Equal((Loss(a, bp, r) - Loss(a, bm, r)) / (2 * h), db[i], 1e-8);
        }
    }

    /// <summary>Presents a stack through the layer interface so the layer check covers its wiring.</summary>
    private sealed class StackAsLayer(LayerStack<double> stack) : ILayer<double>
    {
        private readonly LayerStackBuffers<double> _buffers = stack.CreateBuffers(3);

        public int InputSize => stack.InputSize;
        public int OutputSize => stack.OutputSize;
        public int StateSize(int maxBatch) => 0;
        public void Initialize(Random rng) => stack.Initialize(rng);
        public void Forward(Span<double> y, ReadOnlySpan<double> x, Span<double> state, int batch, LayerPass pass) =>
            stack.Forward(_buffers, x, batch, pass).CopyTo(y);
        public void Backward(Span<double> dx, Span<double> parameterGradient, ReadOnlySpan<double> dy, ReadOnlySpan<double> x,
            ReadOnlySpan<double> y, Span<double> state, int batch) => stack.Backward(_buffers, dy, dx, parameterGradient, batch);
    }
}
