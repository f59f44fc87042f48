using System.Numerics;
using System.Numerics.Tensors;

namespace Dlnet.Nn.Recurrent;

/// <summary>
/// One recurrent layer: maps the input of one step and the previous state to the next state.
/// A <see cref="RecurrentNetwork{T}"/> stores the inputs and states of every step; whatever else the
/// cell must remember for back-propagation through time (gates, cell memory, solver sub-steps) lives in
/// the <see cref="CellWorkspace"/> the cell creates, sized once for all steps and the largest batch.
/// </summary>
/// <remarks>
/// Shapes: x [batch, InputSize], hPrev and h [batch, StateSize], all batch-major. Backward methods ADD
/// into dx, dhPrev and the parameter gradient, so callers zero what they own.
/// </remarks>
public abstract class RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected RecurrentCell(int inputSize, int stateSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateSize, 1);
        InputSize = inputSize;
        StateSize = stateSize;
    }

    /// <summary>Scalars per step entering the cell.</summary>
    public int InputSize { get; }

    /// <summary>Scalars of state carried from step to step (the hidden state h, or the neuron potentials v).</summary>
    public int StateSize { get; }

    /// <summary>Scalars the cell exposes after the last step; the whole state unless overridden.</summary>
    public virtual int OutputSize => StateSize;

    /// <summary>Draws every parameter of the cell from <paramref name="rng"/>.</summary>
    public abstract void Initialize(ParameterStore<T> parameters, Random rng);

    public abstract CellWorkspace CreateWorkspace(int steps, int maxBatch);

    /// <summary>Called once before step 0 of a forward pass (derived parameters, initial internal state).</summary>
    public virtual void BeginForward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int batch) { }

    /// <summary>Step <paramref name="step"/>: h = cell(x, hPrev).</summary>
    public abstract void Forward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, Span<T> h, int batch);

    /// <summary>Maps the final state [batch, StateSize] to the cell's output [batch, OutputSize].</summary>
    public virtual void Output(ReadOnlySpan<T> parameters, ReadOnlySpan<T> state, Span<T> output, int batch) =>
        state[..(batch * StateSize)].CopyTo(output);

    /// <summary>Adds dState from dOutput (and parameter gradients of the output map).</summary>
    public virtual void OutputBackward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> state, ReadOnlySpan<T> dOutput,
        Span<T> dState, Span<T> gradient, int batch)
    {
        var ds = dState[..(batch * StateSize)];
        TensorPrimitives.Add(ds, dOutput[..(batch * StateSize)], ds);
    }

    /// <summary>Called once before the last step is back-propagated (resets carried internal gradients).</summary>
    public virtual void BeginBackward(CellWorkspace workspace, int batch) { }

    /// <summary>
    /// Back-propagates step <paramref name="step"/> given dh = dLoss/dh; adds into dx (skipped when empty),
    /// dhPrev and <paramref name="gradient"/>.
    /// </summary>
    public abstract void Backward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> h, ReadOnlySpan<T> dh,
        Span<T> dx, Span<T> dhPrev, Span<T> gradient, int batch);

    /// <summary>Called once after step 0 is back-propagated (folds gradients of derived parameters).</summary>
    public virtual void EndBackward(CellWorkspace workspace, ReadOnlySpan<T> parameters, Span<T> gradient, int batch) { }
}

/// <summary>Buffers a <see cref="RecurrentCell{T}"/> keeps between its forward and backward passes.</summary>
public abstract class CellWorkspace
{
    protected CellWorkspace(int steps, int maxBatch)
    {
        Steps = steps;
        MaxBatch = maxBatch;
    }

    public int Steps { get; }

    public int MaxBatch { get; }
}
