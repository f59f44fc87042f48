using System.Numerics;
using Dlnet.Nn.Kernels;

namespace Dlnet.Nn.Recurrent;

/// <summary>
/// Long short-term memory cell (Hochreiter and Schmidhuber 1997, with forget gate):
/// [i, f, g, o] = [sigmoid, sigmoid, tanh, sigmoid](Wx x + Wh h + b); c' = f c + i g; h' = o tanh(c').
/// Gate rows are stacked in that order in Wx [4H, inputs], Wh [4H, H] and b [4H].
/// </summary>
public sealed class LstmCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterTensor _wx;
    private readonly ParameterTensor _wh;
    private readonly ParameterTensor _bias;

    public LstmCell(ParameterStore<T> parameters, string name, int inputSize, int hiddenSize) : base(inputSize, hiddenSize)
    {
        _wx = parameters.Add($"{name}.wx", 4 * hiddenSize, inputSize);
        _wh = parameters.Add($"{name}.wh", 4 * hiddenSize, hiddenSize);
        _bias = parameters.Add($"{name}.bias", 4 * hiddenSize);
    }

    /// <summary>Uniform in ±1/sqrt(H); forget-gate bias 1 so that memory is kept by default early in training.</summary>
    public override void Initialize(ParameterStore<T> parameters, Random rng)
    {
        double bound = 1.0 / Math.Sqrt(StateSize);
        CellMath.Uniform(parameters[_wx], rng, -bound, bound);
        CellMath.Uniform(parameters[_wh], rng, -bound, bound);
        var bias = parameters[_bias];
        bias.Clear();
        bias.Slice(StateSize, StateSize).Fill(T.One);
    }

    public override CellWorkspace CreateWorkspace(int steps, int maxBatch) => new Workspace(steps, maxBatch, StateSize);

    public override void BeginForward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int batch) =>
        ((Workspace)workspace).Memory.AsSpan(0, batch * StateSize).Clear();

    public override void Forward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, Span<T> h, int batch)
    {
        var ws = (Workspace)workspace;
        int hs = StateSize, g4 = 4 * hs;
        var gates = ws.Gates.AsSpan(step * batch * g4, batch * g4);
        var recurrent = ws.Temp.AsSpan(0, batch * g4);
        Linear.Forward(gates, x, _wx.View(parameters), _bias.View(parameters), batch, InputSize, g4);
        Linear.Forward(recurrent, hPrev, _wh.View(parameters), ReadOnlySpan<T>.Empty, batch, hs, g4);
        var cPrev = ws.Memory.AsSpan(step * batch * hs, batch * hs);
        var c = ws.Memory.AsSpan((step + 1) * batch * hs, batch * hs);
        var tanhC = ws.TanhMemory.AsSpan(step * batch * hs, batch * hs);
        for (int b = 0; b < batch; b++)
        {
            var gate = gates.Slice(b * g4, g4);
            var rec = recurrent.Slice(b * g4, g4);
            for (int j = 0; j < hs; j++)
            {
                T i = CellMath.Sigmoid(gate[j] + rec[j]);
                T f = CellMath.Sigmoid(gate[hs + j] + rec[hs + j]);
                T g = T.Tanh(gate[2 * hs + j] + rec[2 * hs + j]);
                T o = CellMath.Sigmoid(gate[3 * hs + j] + rec[3 * hs + j]);
                gate[j] = i; gate[hs + j] = f; gate[2 * hs + j] = g; gate[3 * hs + j] = o;
                int k = b * hs + j;
                c[k] = f * cPrev[k] + i * g;
                tanhC[k] = T.Tanh(c[k]);
                h[k] = o * tanhC[k];
            }
        }
    }

    public override void BeginBackward(CellWorkspace workspace, int batch) =>
        ((Workspace)workspace).MemoryGradient.AsSpan(0, batch * StateSize).Clear();

    public override void Backward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> h, ReadOnlySpan<T> dh,
        Span<T> dx, Span<T> dhPrev, Span<T> gradient, int batch)
    {
        var ws = (Workspace)workspace;
        int hs = StateSize, g4 = 4 * hs;
        var gates = ws.Gates.AsSpan(step * batch * g4, batch * g4);
        var cPrev = ws.Memory.AsSpan(step * batch * hs, batch * hs);
        var tanhC = ws.TanhMemory.AsSpan(step * batch * hs, batch * hs);
        var dc = ws.MemoryGradient.AsSpan(0, batch * hs);
        var dPre = ws.Temp.AsSpan(0, batch * g4);
        for (int b = 0; b < batch; b++)
        {
            var gate = gates.Slice(b * g4, g4);
            var d = dPre.Slice(b * g4, g4);
            for (int j = 0; j < hs; j++)
            {
                int k = b * hs + j;
                T i = gate[j], f = gate[hs + j], g = gate[2 * hs + j], o = gate[3 * hs + j];
                T dcTotal = dc[k] + dh[k] * o * (T.One - tanhC[k] * tanhC[k]);
                d[j] = dcTotal * g * i * (T.One - i);
                d[hs + j] = dcTotal * cPrev[k] * f * (T.One - f);
                d[2 * hs + j] = dcTotal * i * (T.One - g * g);
                d[3 * hs + j] = dh[k] * tanhC[k] * o * (T.One - o);
                dc[k] = dcTotal * f;
            }
        }
        Linear.Backward(dx, _wx.Slot(gradient), _bias.Slot(gradient), dPre, x, _wx.View(parameters), batch, InputSize, g4);
        Linear.Backward(dhPrev, _wh.Slot(gradient), Span<T>.Empty, dPre, hPrev, _wh.View(parameters), batch, hs, g4);
    }

    private sealed class Workspace(int steps, int maxBatch, int hidden) : CellWorkspace(steps, maxBatch)
    {
        /// <summary>[step, batch, 4H] activated gates i, f, g, o.</summary>
        public T[] Gates { get; } = new T[steps * maxBatch * 4 * hidden];

        /// <summary>[step + 1, batch, H] cell memory c; step 0 is zero.</summary>
        public T[] Memory { get; } = new T[(steps + 1) * maxBatch * hidden];

        public T[] TanhMemory { get; } = new T[steps * maxBatch * hidden];

        /// <summary>dLoss/dc carried backwards from step to step.</summary>
        public T[] MemoryGradient { get; } = new T[maxBatch * hidden];

        public T[] Temp { get; } = new T[maxBatch * 4 * hidden];
    }
}
