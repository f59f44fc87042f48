using Dlnet.Architectures;
using Dlnet.Forecasting;
using Dlnet.Nn;

namespace Dlnet.Int8;

/// <summary>
/// Flash bytes of the constants an integer student keeps, from its shape alone: exactly the arrays of
/// <see cref="QuantizedStudent"/> that the generated C defines (a test holds the two equal over shapes), so that
/// selection can cost a candidate's flash without quantising it; and the code its shape adds beside them. What the generic footprint of the cost model leaves
/// out is most of a student's flash: the first layer's rows (with the drive's row), the int64 and per-row
/// requantisation arrays, the 257-entry tanh table and the residual base's anchors and interpolation.
/// </summary>
internal static class StudentFootprint
{
    /// <summary>
    /// Flash of a decoder block beyond the first, besides its arrays: its two kernel calls in the generated model code and
    /// its two parameter structs. Measured: the same student with decoder 16 and 16-16 (arm-none-eabi-gcc -Os) differ by
    /// 104 bytes more than their arrays do. The first block is in <c>budget.code_bytes</c>.
    /// </summary>
    public const int DecoderBlockCodeBytes = 104;

    /// <summary>
    /// What <paramref name="network"/> under <paramref name="encoding"/> adds to flash from its shape, the network lowered once:
    /// its constants, and the code of its decoder blocks beyond the first; null when it has no integer form.
    /// </summary>
    public static (long Constants, long ShapeCode)? Of(INetwork<float> network, WindowEncoding encoding)
    {
        if (ArchitectureRegistry.Find<IIntegerArchitecture>(network.Architecture) is not { } integer) return null;
        StudentGraph graph;
        try { graph = integer.Lower(network); }
        catch (NotSupportedException) { return null; }
        // The residual form's base: its anchors over the tail, which is all its shape needs (not the fitted weights).
        bool residual = encoding.Form == OutputForm.Residual;
        long constants = ConstantBytes(graph, encoding.InputLength, encoding.Horizon,
            residual ? QuadraticAnchors.AnchorSteps(encoding.Horizon).Length : 0, residual ? encoding.TailLength : 0);
        return (constants, Math.Max(0, graph.Decoder.Count - 1) * (long)DecoderBlockCodeBytes);
    }

    /// <summary>Array by array, in the order <see cref="QuantizedStudent"/>'s parts hold them.</summary>
    internal static long ConstantBytes(StudentGraph graph, long window, long horizon, long anchors, long tail)
    {
        const int I8 = 1, I16 = 2, I32 = 4, I64 = 8;
        long n = graph.Encoder[0].Outputs, h = graph.Ode.Hidden, r = graph.Ode.Options.Rank, steps = graph.Ode.Options.Steps;

        // First layer: n + 1 int8 rows over the window (the last is the drive); per row an int64 bias, an int32
        // weight sum, the int16 and int8 entry points' biases, multipliers and shifts. Then its layer norm.
        long bytes = (n + 1) * (window * I8 + I64 + I32 + 2 * I32 + I64 + 2 * I32) + NormBytes(n);
        bytes += DenseBytes(graph.Encoder[1].Inputs, graph.Encoder[1].Outputs) + NormBytes(graph.Encoder[1].Outputs);
        bytes += LutS16.Length * I16;
        // Per Euler step: V^T and U int16 with per-row requantisation; diagonal, decay and drive requantisation per unit.
        bytes += steps * (2 * h * r * I16 + r * 2 * I32 + h * 2 * I32 + 3 * h * 2 * I32);
        // The residual x_T + r x0 is folded into a single step; otherwise two (multiplier, shift) pairs.
        if (steps != 1) bytes += 4 * I32;
        foreach (var block in graph.Decoder) bytes += DenseBytes(block.Inputs, block.Outputs) + NormBytes(block.Outputs);
        // Output layer: int8 rows, an int32 bias and a uint8 shift per row.
        bytes += horizon * (graph.Head.InputSize * I8 + I32 + I8);
        // The base: int16 anchor rows over the tail, a weight sum, multiplier and shift per anchor; int32 interpolation.
        if (anchors > 0) bytes += anchors * (tail * I16 + 3 * I32) + horizon * anchors * I32;
        return bytes;

        static long DenseBytes(long inputs, long outputs) => inputs * outputs * I8 + outputs * 3 * I32;
        static long NormBytes(long n) => n * 2 * I32;
    }
}
