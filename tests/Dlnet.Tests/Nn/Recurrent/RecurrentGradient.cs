using Dlnet.Nn;
using Xunit.Abstractions;

namespace Dlnet.Tests.Nn.Recurrent;

/// <summary>
/// Finite-difference check of every parameter of a recurrent network in double precision.
/// <para>
/// Back-propagation through time gives some parameters gradients of order 1e-6 (early steps, far from
/// the output). At a difference step of 1e-6 the rounding error of the loss (about 1e-10 absolute after
/// dividing by the step) is then a relative error of 1e-5 and more, and the measured worst error falls
/// as the step grows: two-layer LSTM 2.7e-5, 9.9e-6, 6.4e-7 and fully connected LTC 1.0e-5, 4.0e-7,
/// 7.0e-8 at steps 1e-6, 1e-5, 1e-4, the signature of rounding rather than of a wrong derivative
/// (a wrong derivative leaves an error that no step removes). The check therefore uses step 1e-4, where
/// truncation (of order step^2) stays near 1e-6 at worst, and a tolerance of 5e-6.
/// </para>
/// </summary>
internal static class RecurrentGradient
{
    public const double Step = 1e-4;
    public const double Tolerance = 5e-6;

    public static double AssertMatches(INetwork<double> net, ITestOutputHelper output, int seed = 5)
    {
        var (worst, report) = GradientCheck.Run(net, batch: 3, seed, maxPerTensor: int.MaxValue, step: Step);
        output.WriteLine($"{net.Architecture}: {net.Parameters.Count} parameters, worst relative error {worst:E2}");
        output.WriteLine(report);
        Assert.True(worst < Tolerance, $"worst relative error {worst:E2}\n{report}");
        return worst;
    }
}
