namespace Dlnet.Selection;

/// <summary>What one recurrent cell costs per input step, for <see cref="CostSheet.Recurrent{T}"/>.</summary>
/// <param name="Macs">Multiply-accumulates of its matrix products.</param>
/// <param name="Lookups">Tanh and sigmoid table lookups.</param>
/// <param name="Other">Other element-wise ops: requantisations and the gate and state updates.</param>
/// <param name="Calls">Kernel calls.</param>
/// <param name="Tables">Int8 lookup tables it keeps in flash.</param>
/// <param name="Live">Bytes of its buffers live during a step.</param>
internal readonly record struct CellCost(long Macs, long Lookups, long Other, long Calls, long Tables, long Live);
