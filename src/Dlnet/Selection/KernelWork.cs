namespace Dlnet.Selection;

/// <summary>
/// What one runtime kernel does in an inference: its calls, its multiply-accumulates and its elements (the rows a
/// matrix product requantises, the values a normalisation, table or Euler step touches). Names are the C kernels'.
/// </summary>
public readonly record struct KernelWork(long Calls, long Macs, long Elements)
{
    public const string DenseS16W8 = "dlnet_fully_connected_s16_w8";
    public const string DenseS16 = "dlnet_fully_connected_s16";
    public const string DenseS8 = "dlnet_fully_connected_s8_s16";
    public const string Head = "dlnet_forecast_s8_s16";
    public const string LayerNorm = "dlnet_layer_norm_s16";
    public const string Lookup = "dlnet_lut_s16";
    public const string Liquid = "dlnet_liquid_euler_s16";

    /// <summary>The generated model code and what it calls besides the kernels above (the drive, the residual, the requantisation of the latent, copies).</summary>
    public const string ModelCode = "model";

    /// <summary>The kernels above and the model code, in the order of an inference.</summary>
    public static IReadOnlyList<string> Names { get; } = [DenseS16W8, LayerNorm, DenseS8, Lookup, Liquid, DenseS16, Head, ModelCode];

    public static KernelWork operator +(KernelWork a, KernelWork b) => new(a.Calls + b.Calls, a.Macs + b.Macs, a.Elements + b.Elements);
}
