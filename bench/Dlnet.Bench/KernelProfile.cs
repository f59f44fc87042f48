using Dlnet.Nn;
using Dlnet.Nn.Kernels;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Liquid;

namespace Dlnet.Bench;

/// <summary>CPU time of the teacher's pieces, one at a time, for finding where a batch goes.</summary>
internal static class KernelProfile
{
    public static void Run()
    {
        var rng = new Random(1);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        foreach (var (i, o) in new[] { (100, 256), (256, 128), (128, 128), (128, 256), (128, 100) })
        {
            var x = R(32 * i); var w = R(i * o); var wt = R(i * o); var y = R(32 * o); var b = R(o);
            var dx = R(32 * i); var dw = R(i * o); var db = R(o);
            Report($"fwd  {i,3}->{o,3}", () => { Linear.Transpose<float>(wt, w, i, o); Linear.ForwardTransposed<float>(y, x, wt, b, 32, i, o); }, 32.0 * i * o);
            Report($"transpose {i,3}x{o,3}", () => Linear.Transpose<float>(wt, w, i, o), 0);
            Report($"fwd-noT {i,3}->{o,3}", () => Linear.ForwardTransposed<float>(y, x, wt, b, 32, i, o), 32.0 * i * o);
            Report($"fwd-dot {i,3}->{o,3}", () => Linear.Forward<float>(y, x, w, b, 32, i, o), 32.0 * i * o);
            Report($"bwd  {i,3}->{o,3}", () => Linear.Backward<float>(dx, dw, db, y, x, w, 32, i, o), 2 * 32.0 * i * o);
        }
        var store = new ParameterStore<float>();
        var ode = new LiquidOdeBlock<float>(store, "ode", LiquidOdeOptions.UnitInterval(128, 9));
        ode.Initialize(new Random(1));
        var buf = ode.CreateBuffers(32);
        var x0 = R(32 * 128); var u = R(32); var xT = R(32 * 128); var dx0 = R(32 * 128); var grad = store.CreateBuffer();
        Report("ode fwd", () => ode.Forward(buf, x0, u, xT, 32), 9 * 32.0 * 128 * 128);
        Report("ode bwd", () => ode.Backward(buf, xT, dx0, [], grad, 32), 2 * 9 * 32.0 * 128 * 128);
        var ps = new ParameterStore<float>();
        var ln = new LayerNorm<float>(ps, "ln", 256);
        ln.Initialize(rng);
        var lx = R(32 * 256); var ly = R(32 * 256); var lst = new float[ln.StateSize(32)]; var lg = ps.CreateBuffer(); var ldx = R(32 * 256);
        Report("layernorm fwd 256", () => ln.Forward(ly, lx, lst, 32, LayerPass.Inference), 0);
        Report("layernorm bwd 256", () => ln.Backward(ldx, lg, ly, lx, ly, lst, 32), 0);
        var dr = new Dropout<float>(256, 0.1, 1);
        var dst = new float[dr.StateSize(32)];
        Report("dropout fwd 256", () => dr.Forward(ly, lx, dst, 32, new LayerPass(true, 5)), 0);
        Report("tanh 32x128", () => System.Numerics.Tensors.TensorPrimitives.Tanh<float>(lx.AsSpan(0, 4096), ly.AsSpan(0, 4096)), 0);
        var act = new Activation<float>(ActivationKind.ReLU, 256);
        Report("relu bwd 256", () => act.Backward(ldx, lg, ly, lx, ly, [], 32), 0);
    }

    /// <summary>The teacher's three parts at batch 32, forward and backward separately.</summary>
    public static void Parts()
    {
        var t = new Dlnet.Nn.Networks.PaperTeacher<float>(new Dlnet.Nn.Networks.PaperTeacherOptions());
        t.Initialize(1);
        var rng = new Random(1);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var grad = t.Parameters.CreateBuffer();
        var enc = t.Encoder.CreateBuffers(32); var dec = t.Decoder.CreateBuffers(32); var ode = t.Ode.CreateBuffers(32);
        var x = R(3200); var h = R(4096); var h2 = R(4096); var dy = R(3200); var u = R(32);
        var pass = new LayerPass(true, 3);
        Report("encoder fwd", () => t.Encoder.Forward(enc, x, 32, pass), 0);
        Report("encoder bwd", () => t.Encoder.Backward(enc, h, [], grad, 32), 0);
        Report("ode fwd", () => t.Ode.Forward(ode, h, u, h2, 32), 0);
        Report("ode bwd", () => t.Ode.Backward(ode, h2, h, [], grad, 32), 0);
        Report("decoder fwd", () => t.Decoder.Forward(dec, h, 32, pass), 0);
        Report("decoder bwd", () => t.Decoder.Backward(dec, dy, h2, grad, 32), 0);
        Report("exp 4096", () => System.Numerics.Tensors.TensorPrimitives.Exp<float>(h, h2), 0);
    }

    private static void Report(string name, Action run, double fmas)
    {
        for (int i = 0; i < 100; i++) run();
        double best = double.MaxValue;
        for (int rep = 0; rep < 30; rep++)
        {
            double t0 = ThreadClock.NowMilliseconds();
            for (int i = 0; i < 20; i++) run();
            best = Math.Min(best, (ThreadClock.NowMilliseconds() - t0) / 20);
        }
        string rate = fmas > 0 ? $"  {fmas / (best * 1e6):F1} GFMA/s" : "";
        Console.WriteLine($"{name,-22} {best * 1000,8:F1} us{rate}");
    }
}
