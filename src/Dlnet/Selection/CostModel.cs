using System.Numerics;
using Dlnet.Architectures;
using Dlnet.Nn;

namespace Dlnet.Selection;

/// <summary>
/// Counts what a candidate network costs per inference on the microcontroller: parameters, int8 flash
/// bytes, MACs, element-wise ops, kernel calls and peak activation memory (block by block, as listed in
/// <see cref="Int8Footprint"/>, each architecture walking its own blocks as an <see cref="ICostedArchitecture"/>),
/// and a latency range: from <see cref="DeviceCalibration"/> (the kernels' cycles on the Cortex-M4F by the timing model)
/// for networks whose blocks are the runtime's kernels, otherwise from a <see cref="LatencyModel"/>. Counts follow the network's shape, not its
/// values, except <see cref="CandidateCost.NonZeroParameters"/>.
/// </summary>
public static class CostModel
{
    /// <exception cref="NotSupportedException">An architecture without a cost model.</exception>
    public static CandidateCost Estimate<T>(INetwork<T> network, LatencyModel? latency = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var costed = ArchitectureRegistry.Find<ICostedArchitecture>(network.Architecture)
            ?? throw new NotSupportedException($"no cost model for the '{network.Architecture}' architecture");
        var sheet = new CostSheet();
        costed.Cost(network, sheet);

        long nonZero = 0;
        foreach (T v in network.Parameters.Values) if (v != T.Zero) nonZero++;
        return new CandidateCost(network.Architecture, network.Parameters.Count, nonZero, sheet.Bytes, sheet.Macs,
            sheet.Elementwise, sheet.Lookups, sheet.Calls, sheet.PeakLive, sheet.Steps, sheet.MacsPerStep ?? sheet.Macs,
            latency is null && DeviceCalibration.CortexM4F64MHz.Estimate(sheet.Kernels) is { } calibrated
                ? calibrated
                : (latency ?? LatencyModel.CortexM4F64MHz).Estimate(sheet.Macs, sheet.Elementwise, sheet.Calls))
        { Kernels = sheet.Kernels.ToDictionary() };
    }
}
