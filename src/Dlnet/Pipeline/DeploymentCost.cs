using System.Numerics;
using Dlnet.Nn;
using Dlnet.Selection;

namespace Dlnet.Pipeline;

/// <summary>
/// What a network costs on the target under a <see cref="BudgetConfig"/>: the <see cref="CostModel"/>
/// counts plus the estimated code and fixed RAM, and whether it fits. Latency is judged at the
/// pessimistic end of the estimate: for the Euler students, the timing model's upper bound as calibrated per kernel
/// (<see cref="DeviceCalibration"/>), widened by the calibration's error.
/// </summary>
/// <param name="Cost">The cost model's counts.</param>
/// <param name="FlashBytes">int8 constants plus <see cref="BudgetConfig.CodeBytes"/>.</param>
/// <param name="RamBytes">Peak activation bytes plus <see cref="BudgetConfig.RamOverheadBytes"/>.</param>
/// <param name="WithinBudget">All three limits are met.</param>
public sealed record DeploymentCost(CandidateCost Cost, long FlashBytes, long RamBytes, bool WithinBudget)
{
    /// <param name="network">The network.</param>
    /// <param name="budget">The limits.</param>
    /// <param name="medianWidth">The running median its encoding passes the window through first (0: none), which the device runs too.</param>
    public static DeploymentCost Of<T>(INetwork<T> network, BudgetConfig budget, int medianWidth = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cost = CostModel.Estimate(network);
        cost = cost with { Latency = FrontEndCost.With(cost.Latency, network.InputSize, medianWidth) };
        long flash = cost.Int8WeightBytes + budget.CodeBytes;
        long ram = cost.PeakActivationBytes + budget.RamOverheadBytes;
        return new DeploymentCost(cost, flash, ram, ToBudget(budget).Admits(flash, ram, cost.Latency.MillisecondsHigh));
    }

    public static Budget ToBudget(BudgetConfig budget) => new(budget.FlashBytes, budget.RamBytes, budget.LatencyMs);
}
