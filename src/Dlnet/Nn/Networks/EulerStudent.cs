using System.Numerics;
using Dlnet.Nn.Liquid;

namespace Dlnet.Nn.Networks;

/// <summary>Sizes of an <see cref="EulerStudent{T}"/>; defaults follow the paper's students.</summary>
/// <param name="InputSize">Window length W.</param>
/// <param name="OutputSize">Horizon H.</param>
/// <param name="Hidden">Liquid state size h (the paper's grid: 128, 64, 32, 16, 8, 4, 2).</param>
/// <param name="Rank">Rank r of the coupling W = diag(w) + U V^T / r; clamped to h.</param>
/// <param name="Steps">Explicit Euler steps (the paper: one).</param>
/// <param name="StepSize">Euler step dt (the paper: 0.05 or 0.1).</param>
/// <param name="EncoderWidth">First encoder layer.</param>
/// <param name="DecoderWidths">Hidden decoder layers, null for 256 and 128 (pruning shrinks them).</param>
/// <param name="Dropout">Drop probability after the first encoder and first decoder layer.</param>
/// <param name="ResidualInit">Initial r of x = x_T + r*x0.</param>
public sealed record EulerStudentOptions(
    int InputSize = 100,
    int OutputSize = 100,
    int Hidden = 8,
    int Rank = 4,
    int Steps = 1,
    double StepSize = 0.1,
    int EncoderWidth = 256,
    int[]? DecoderWidths = null,
    double Dropout = 0.1,
    double ResidualInit = 0.1);

/// <summary>
/// The paper's microcontroller student: the teacher's layout at a small hidden size with the ODE
/// replaced by a few explicit Euler steps and the dense coupling by diagonal plus low rank, so the
/// latent update costs O(h r) and runs with integer arithmetic. See <see cref="LiquidEncoderDecoder{T}"/>.
/// </summary>
public sealed class EulerStudent<T> : LiquidEncoderDecoder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public EulerStudent(EulerStudentOptions options)
        : base("student", options.InputSize, options.OutputSize, options.EncoderWidth, options.DecoderWidths ?? [256, 128],
            options.Dropout,
            new LiquidOdeOptions(options.Hidden, options.Steps, options.StepSize, OdeSolver.Euler,
                LiquidCoupling.DiagonalPlusLowRank, Math.Min(options.Rank, options.Hidden)),
            options.ResidualInit)
    {
        Options = options;
    }

    public EulerStudentOptions Options { get; }
}
