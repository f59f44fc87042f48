using System.Numerics;

namespace Dlnet.Nn.Liquid;

/// <summary>
/// One thread's memory for a <see cref="LiquidOdeBlock{T}"/>, allocated once: the input, tanh and
/// (low-rank) projection of every solver stage, their gradients, and the transposed couplings.
/// Stage arrays are packed for the batch actually run ([stages * batch, width]) so that the coupling
/// gradient over all stages is one matrix product.
/// </summary>
public sealed class LiquidOdeBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _hidden;
    private readonly int _rank;

    internal LiquidOdeBuffers(LiquidOdeBlock<T> block, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        MaxBatch = maxBatch;
        _hidden = block.Hidden;
        _rank = block.Rank;
        Stages = block.Options.Steps * block.StagesPerStep;
        int state = maxBatch * _hidden;
        Inputs = new T[Stages * state];
        Tanh = new T[Stages * state];
        Dz = new T[Stages * state];
        Projections = new T[Stages * maxBatch * _rank];
        Dp = new T[Stages * maxBatch * _rank];
        CouplingT = new T[_rank == 0 ? _hidden * _hidden : 0];
        VTT = new T[_hidden * _rank];
        UT = new T[_hidden * _rank];
        K = new T[state];
        Accumulator = new T[state];
        Gradient = new T[state];
        NextGradient = new T[state];
        StageGradient = new T[state];
        InputGradient = new T[state];
    }

    public int MaxBatch { get; }

    internal int Stages { get; }

    internal T[] Inputs { get; }
    internal T[] Tanh { get; }
    internal T[] Dz { get; }
    internal T[] Projections { get; }
    internal T[] Dp { get; }
    internal T[] CouplingT { get; }
    internal T[] VTT { get; }
    internal T[] UT { get; }
    internal T[] K { get; }
    internal T[] Accumulator { get; }
    internal T[] Gradient { get; }
    internal T[] NextGradient { get; }
    internal T[] StageGradient { get; }
    internal T[] InputGradient { get; }

    internal Span<T> StageInput(int stage, int batch) => Inputs.AsSpan(stage * batch * _hidden, batch * _hidden);
    internal Span<T> StageTanh(int stage, int batch) => Tanh.AsSpan(stage * batch * _hidden, batch * _hidden);
    internal Span<T> StageDz(int stage, int batch) => Dz.AsSpan(stage * batch * _hidden, batch * _hidden);
    internal Span<T> StageProjection(int stage, int batch) => Projections.AsSpan(stage * batch * _rank, batch * _rank);
    internal Span<T> StageDp(int stage, int batch) => Dp.AsSpan(stage * batch * _rank, batch * _rank);

}
