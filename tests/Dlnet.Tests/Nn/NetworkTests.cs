using Dlnet.Nn;
using Dlnet.Nn.Layers;
using Dlnet.Nn.Liquid;
using Dlnet.Nn.Networks;

namespace Dlnet.Tests.Nn;

public class NetworkTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string, bool> Networks => new()
    {
        { "teacher", false }, { "teacher", true },
        { "teacher-rk4", false },
        { "student", false }, { "student", true },
        { "student-3-steps", true },
        { "mlp-relu", false }, { "mlp-tanh", true },
    };

    private static INetwork<double> Small(string name) => name switch
    {
        "teacher" => new PaperTeacher<double>(new PaperTeacherOptions(12, 7, EncoderWidth: 10, Hidden: 8, DecoderWidths: [9, 6], Steps: 9)),
        "teacher-rk4" => new PaperTeacher<double>(new PaperTeacherOptions(12, 7, EncoderWidth: 10, Hidden: 8, DecoderWidths: [9, 6], Steps: 3, Solver: OdeSolver.RungeKutta4)),
        "student" => new EulerStudent<double>(new EulerStudentOptions(12, 7, Hidden: 8, Rank: 2, StepSize: 0.5, EncoderWidth: 10, DecoderWidths: [9, 6])),
        "student-3-steps" => new EulerStudent<double>(new EulerStudentOptions(12, 7, Hidden: 8, Rank: 3, Steps: 3, StepSize: 0.3, EncoderWidth: 10, DecoderWidths: [9, 6])),
        "mlp-relu" => new MlpNetwork<double>(new MlpOptions(12, 7, [10, 9])),
        "mlp-tanh" => new MlpNetwork<double>(new MlpOptions(12, 7, [10, 9], ActivationKind.Tanh, Dropout: 0.2)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientsMatchFiniteDifferences(string name, bool dropout)
    {
        var net = Small(name);
        net.Initialize(seed: 17);
        // A larger residual scale and ODE gains (and, in the tests' students, steps) than at initialisation, so every
        // path carries gradients well above the finite-difference noise floor (about 1e-10 here).
        if (net is LiquidEncoderDecoder<double> liquid)
        {
            net.Parameters[liquid.ResidualScale][0] = 0.6;
            net.Parameters[liquid.Ode.Beta].Fill(0.8);
        }
        // Step 1e-5: through a whole network the loss carries rounding noise of about 1e-16 * |L| / step, which at
        // step 1e-6 reaches 1e-9 on gradients of 1e-5 (the error then grows as the step shrinks: noise, not a bug);
        // the truncation error of the central difference at 1e-5 is still below 1e-9 relative.
        var (worst, report) = GradientCheck.Run(net, batch: 3, seed: 23, maxPerTensor: 40, step: 1e-5, training: dropout);
        Assert.True(worst < Tolerance, $"worst relative error {worst:E2}{Environment.NewLine}{report}");
    }

    [Fact]
    public void FloatAndDoubleTeachersAgree()
    {
        // One code path: the float network is the double one rounded, so with equal weights the outputs agree
        // to float precision.
        var options = new PaperTeacherOptions(100, 100);
        var d = new PaperTeacher<double>(options);
        var f = new PaperTeacher<float>(options);
        d.Initialize(8);
        for (int i = 0; i < d.Parameters.Count; i++) f.Parameters.Values[i] = (float)d.Parameters.Values[i];
        var rng = new Random(9);
        var xd = Enumerable.Range(0, 4 * 100).Select(_ => rng.NextDouble()).ToArray();
        var xf = xd.Select(v => (float)v).ToArray();
        var yd = new double[4 * 100];
        var yf = new float[4 * 100];
        var wd = d.CreateWorkspace(4);
        var wf = f.CreateWorkspace(4);
        wd.Seed = wf.Seed = 5;
        d.Forward(wd, xd, yd, 4, training: true);
        f.Forward(wf, xf, yf, 4, training: true);
        double scale = yd.Max(Math.Abs);
        for (int i = 0; i < yd.Length; i++) Assert.True(Math.Abs(yd[i] - yf[i]) < 1e-4 * scale, $"[{i}] {yd[i]} vs {yf[i]}");
    }

    [Fact]
    public void PaperTeacherHasThePublishedParameterCount()
    {
        var teacher = new PaperTeacher<float>(new PaperTeacherOptions());
        Assert.Equal(155_749, teacher.Parameters.Count);
        Assert.Equal("teacher", teacher.Architecture);
    }

    [Fact]
    public void StudentSizeFollowsItsOptions()
    {
        var s = new EulerStudent<float>(new EulerStudentOptions(100, 100, Hidden: 4, Rank: 2, DecoderWidths: [233, 112]));
        int expected =
            (100 * 256 + 256) + 2 * 256 + (256 * 4 + 4) + 2 * 4 // encoder
            + 4 + 4 + 4 + 4 * 2 + 2 * 4 + 1                     // alpha, beta, w_diag, U, V^T, r
            + (4 * 233 + 233) + 2 * 233 + (233 * 112 + 112) + 2 * 112 + (112 * 100 + 100);
        Assert.Equal(expected, s.Parameters.Count);
    }

    [Fact]
    public void ForwardIsDeterministicAcrossWorkspaces()
    {
        var net = new PaperTeacher<float>(new PaperTeacherOptions(20, 10, EncoderWidth: 32, Hidden: 16, DecoderWidths: [32, 16]));
        net.Initialize(3);
        var rng = new Random(1);
        var x = Enumerable.Range(0, 5 * 20).Select(_ => (float)rng.NextDouble()).ToArray();
        float[] Run(NetworkWorkspace ws, bool training)
        {
            ws.Seed = 99;
            var y = new float[5 * 10];
            net.Forward(ws, x, y, 5, training);
            return y;
        }
        var a = net.CreateWorkspace(8);
        var b = net.CreateWorkspace(5);
        Assert.Equal(Run(a, true), Run(b, true));
        Assert.Equal(Run(a, false), Run(b, false));
        Assert.NotEqual(Run(a, true), Run(a, false));
    }

    [Fact]
    public void InitializationDependsOnlyOnTheSeed()
    {
        var a = new EulerStudent<float>(new EulerStudentOptions());
        var b = new EulerStudent<float>(new EulerStudentOptions());
        a.Initialize(5);
        b.Initialize(5);
        Assert.Equal(a.Parameters.Array, b.Parameters.Array);
        b.Initialize(6);
        Assert.NotEqual(a.Parameters.Array, b.Parameters.Array);
    }

    [Fact]
    public void ForeignWorkspaceIsRejected()
    {
        var a = new MlpNetwork<float>(new MlpOptions(4, 2, [3]));
        var b = new MlpNetwork<float>(new MlpOptions(4, 2, [3]));
        Assert.Throws<ArgumentException>(() => a.Forward(b.CreateWorkspace(1), new float[4], new float[2], 1, false));
    }
}
