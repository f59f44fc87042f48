using Dlnet.Nn;
using Xunit.Abstractions;

namespace Dlnet.Tests.Nn.Recurrent;

/// <summary>
/// Finite-difference check of every parameter of a recurrent network in double precision.
/// <para>
/// Back-propagation through time gives some parameters gradients of order 1e-6 (early steps, far from
/// the output). At a difference step of 1e-6 the rounding error of the loss (about 1e-16 / 1e-6 = 1e-10
/// absolute) is then a relative error near 1e-5, so the error falls as the step grows from 1e-6 to 1e-4
/// (measured: 2.7e-5, 9.9e-6, 6.4e-7 for a two-layer LSTM), the signature of rounding rather than of a
/// wrong derivative. The check therefore uses step 1e-4, where truncation is still far below the
/// tolerance, and a tolerance of 1e-6.
/// </para>
/// </summary>
internal static class RecurrentGradient
{
    public const double Step = 1e-4;
    public const double Tolerance = 1e-6;

    public static double AssertMatches(INetwork<double> net, ITestOutputHelper output, int seed = 5, double step = Step)
    {
        var (worst, report) = GradientCheck.Run(net, batch: 3, seed, maxPerTensor: int.MaxValue, step: step);
        output.WriteLine($"{net.Architecture}: {net.Parameters.Count} parameters, worst relative error {worst:E2}");
        output.WriteLine(report);
        Assert.True(worst < Tolerance, $"worst relative error {worst:E2}\n{report}");
        return worst;
    }
}
