namespace Dlnet.Selection;

/// <summary>
/// Bytes and operation counts of each building block under the int8 scheme of TensorFlow Lite Micro and
/// CMSIS-NN (symmetric per-channel int8 weights, int32 biases, int32 accumulation, requantisation by
/// an int32 multiplier and shift per output channel, asymmetric int8 activations), extended where the
/// paper's networks need more than 8 bits:
/// <list type="bullet">
/// <item>Dense(in, out): in*out int8 weights, out int32 biases, out (multiplier, shift) pairs of int32:
/// in*out + 12*out bytes; in*out MACs, out requantisations, one call; live: input and output.</item>
/// <item>LayerNorm(n): int16 gains, int32 biases, one output (multiplier, shift): 6n + 8 bytes; integer
/// mean and variance, then normalise: 3n element-wise ops, one call; works in place.</item>
/// <item>Tanh / sigmoid on int8: one 256-entry int8 table (256 bytes) per layer, as each bakes in its
/// own input and output scales; n lookups. ReLU is the requantisation's clamp: no bytes, n ops.</item>
/// <item>Liquid block with h units, int16 (Q15) state: per unit a = 1 - dt*alpha and b = dt*beta as int16
/// (4h bytes), so an Euler update is x = a*x + b*tanh(z), one element-wise op; z is requantised to int8
/// and its tanh read from a 256-entry int16 table (512 bytes). Coupling: dense W int8 with a
/// (multiplier, shift) per row (h*h + 8h bytes, h*h MACs per stage), or V^T and U int8 with per-row
/// requantisation (2hr + 8r + 8h bytes) and w_diag int16 (2h bytes), 2hr + h MACs per stage. Three
/// per-tensor (multiplier, shift) pairs: the drive u (the window mean, InputSize adds), the residual
/// scale r (h ops) and the int8 output (24 bytes). Live: the int8 start x0 (kept for the residual), the
/// int16 state, the int16 tanh values and, for low rank, the int32 projection: 5h + 4r bytes.</item>
/// <item>Recurrent cells (LSTM, GRU, CfC): every weight matrix int8 with per-row requantisation, every
/// vector int32; LTC: the same rule over its stored tensors. Each architecture counts its cells' ops.</item>
/// </list>
/// </summary>
public static class Int8Footprint
{
    /// <summary>One int32 multiplier and one int32 shift, per output channel or per tensor.</summary>
    public const int RequantBytes = 8;

    /// <summary>An int8 -> int8 lookup table of tanh or sigmoid.</summary>
    public const int Int8TableBytes = 256;

    /// <summary>An int8 -> int16 lookup table of tanh for the liquid state.</summary>
    public const int Int16TableBytes = 512;

    public static long DenseBytes(int inputs, int outputs) => (long)inputs * outputs + outputs * (4L + RequantBytes);

    public static long LayerNormBytes(int n) => 6L * n + RequantBytes;
}
