namespace Dlnet.Selection;

/// <summary>
/// What one candidate network costs on the microcontroller, per inference of one window, under the
/// int8 scheme of <see cref="Int8Footprint"/>. Computed by <see cref="CostModel.Estimate{T}"/>.
/// </summary>
/// <param name="Architecture">The network's architecture name.</param>
/// <param name="Parameters">Scalars in the parameter store.</param>
/// <param name="NonZeroParameters">Of those, the ones not exactly zero (a masked network keeps its size but not its count).</param>
/// <param name="Int8WeightBytes">Flash for the deployed constants: int8 weights, int32 biases, per-channel
/// int32 multipliers and shifts, int16 per-unit coefficients and lookup tables.</param>
/// <param name="Macs">Multiply-accumulates of the matrix products (for recurrent networks summed over all steps).</param>
/// <param name="ElementwiseOps">Requantisations, table lookups, normalisation passes, Euler updates, residual and gate arithmetic.</param>
/// <param name="Lookups">Of the element-wise ops, the tanh/sigmoid table lookups.</param>
/// <param name="KernelCalls">Kernel invocations (each pays a fixed overhead).</param>
/// <param name="PeakActivationBytes">Largest set of activation buffers live at once (int8 activations,
/// int16 liquid and memory states, int32 accumulators where they must be kept).</param>
/// <param name="SequenceSteps">Input steps a recurrent network runs (1 for feed-forward networks).</param>
/// <param name="MacsPerStep">MACs of one input step of the recurrent cells; for feed-forward networks, all MACs.</param>
/// <param name="Latency">Estimated latency from <see cref="LatencyModel"/>.</param>
public sealed record CandidateCost(
    string Architecture,
    long Parameters,
    long NonZeroParameters,
    long Int8WeightBytes,
    long Macs,
    long ElementwiseOps,
    long Lookups,
    long KernelCalls,
    long PeakActivationBytes,
    int SequenceSteps,
    long MacsPerStep,
    LatencyEstimate Latency)
{
    /// <summary>Work per runtime kernel, for networks whose blocks are the runtime's kernels (<see cref="CostSheet.Kernels"/>); empty otherwise.</summary>
    public IReadOnlyDictionary<string, KernelWork> Kernels { get; init; } = new Dictionary<string, KernelWork>();
}
