using System.Numerics;
using Dlnet.Nn.Liquid;

namespace Dlnet.Nn.Networks;

/// <summary>Sizes of the <see cref="PaperTeacher{T}"/>; the defaults are the published teacher (155,749 parameters).</summary>
/// <param name="InputSize">Window length W.</param>
/// <param name="OutputSize">Horizon H.</param>
/// <param name="EncoderWidth">First encoder layer.</param>
/// <param name="Hidden">Liquid state size.</param>
/// <param name="DecoderWidths">Hidden decoder layers, null for the paper's 256 and 128.</param>
/// <param name="Dropout">Drop probability after the first encoder and first decoder layer (0: no dropout layers).</param>
/// <param name="Steps">Solver steps over t in [0, 1].</param>
/// <param name="Solver">Euler as published; RK4 for an accurate reference.</param>
/// <param name="ResidualInit">Initial r of x = x_T + r*x0.</param>
public sealed record PaperTeacherOptions(
    int InputSize = 100,
    int OutputSize = 100,
    int EncoderWidth = 256,
    int Hidden = 128,
    int[]? DecoderWidths = null,
    double Dropout = 0.1,
    int Steps = 9,
    OdeSolver Solver = OdeSolver.Euler,
    double ResidualInit = 0.1);

/// <summary>
/// The paper's teacher: MLP encoder, a dense liquid ODE block (W hidden x hidden) integrated over
/// t in [0, 1], a learnable residual, MLP decoder. See <see cref="LiquidEncoderDecoder{T}"/> for the layout.
/// </summary>
public sealed class PaperTeacher<T> : LiquidEncoderDecoder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public PaperTeacher(PaperTeacherOptions options)
        : base("teacher", options.InputSize, options.OutputSize, options.EncoderWidth, options.DecoderWidths ?? [256, 128],
            options.Dropout, new LiquidOdeOptions(options.Hidden, options.Steps, 1.0 / options.Steps, options.Solver), options.ResidualInit)
    {
        Options = options;
    }

    public PaperTeacherOptions Options { get; }
}
