using Dlnet.Forecasting;
using Dlnet.Int8;
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
/// <param name="FlashBytes">The constants plus <see cref="BudgetConfig.CodeBytes"/> (and the running median's code, when the encoding has
/// one, and the code of decoder blocks beyond the first, <see cref="StudentFootprint.DecoderBlockCodeBytes"/> each): for a student with an integer form, its
/// constants exactly as the generated C holds them (<see cref="StudentFootprint"/>); otherwise the cost model's int8 footprint.</param>
/// <param name="ConstantBytes">The constants' part of <paramref name="FlashBytes"/>.</param>
/// <param name="RamBytes">Peak activation bytes plus <see cref="BudgetConfig.RamOverheadBytes"/>.</param>
/// <param name="WithinBudget">All three limits are met.</param>
public sealed record DeploymentCost(CandidateCost Cost, long ConstantBytes, long FlashBytes, long RamBytes, bool WithinBudget)
{
    /// <param name="network">The network.</param>
    /// <param name="budget">The limits.</param>
    /// <param name="encoding">How the network sees a window: the running median the device runs first and the residual base's
    /// constants. Null: no front end, and the cost model's footprint for the constants.</param>
    public static DeploymentCost Of(INetwork<float> network, BudgetConfig budget, WindowEncoding? encoding = null)
    {
        int median = encoding?.MedianWidth ?? 0;
        var cost = CostModel.Estimate(network);
        cost = cost with { Latency = FrontEndCost.With(cost.Latency, network.InputSize, median) };
        var footprint = encoding is null ? null : StudentFootprint.Of(network, encoding);
        long constants = footprint?.Constants ?? cost.Int8WeightBytes;
        long flash = constants + budget.CodeBytes + FrontEndCost.CodeBytes(median) + (footprint?.ShapeCode ?? 0);
        long ram = cost.PeakActivationBytes + budget.RamOverheadBytes;
        return new DeploymentCost(cost, constants, flash, ram, ToBudget(budget).Admits(flash, ram, cost.Latency.MillisecondsHigh));
    }

    public static Budget ToBudget(BudgetConfig budget) => new(budget.FlashBytes, budget.RamBytes, budget.LatencyMs);
}
