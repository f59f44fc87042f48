using System.Numerics;
using Dlnet.Nn.Kernels;

namespace Dlnet.Nn.Recurrent;

/// <summary>
/// Gated recurrent unit (Cho et al. 2014) in the common form with the reset gate applied after the
/// recurrent product: r = sigmoid(Wxr x + bxr + Whr h + bhr), z = sigmoid(Wxz x + bxz + Whz h + bhz),
/// n = tanh(Wxn x + bxn + r (Whn h + bhn)), h' = (1 - z) n + z h.
/// Rows r, z, n are stacked in that order in Wx [3H, inputs], bx, Wh [3H, H], bh.
/// </summary>
public sealed class GruCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterTensor _wx;
    private readonly ParameterTensor _bx;
    private readonly ParameterTensor _wh;
    private readonly ParameterTensor _bh;

    public GruCell(ParameterStore<T> parameters, string name, int inputSize, int hiddenSize) : base(inputSize, hiddenSize)
    {
        _wx = parameters.Add($"{name}.wx", 3 * hiddenSize, inputSize);
        _bx = parameters.Add($"{name}.bx", 3 * hiddenSize);
        _wh = parameters.Add($"{name}.wh", 3 * hiddenSize, hiddenSize);
        _bh = parameters.Add($"{name}.bh", 3 * hiddenSize);
    }

    /// <summary>Every parameter uniform in ±1/sqrt(H).</summary>
    public override void Initialize(ParameterStore<T> parameters, Random rng)
    {
        double bound = 1.0 / Math.Sqrt(StateSize);
        foreach (var tensor in new[] { _wx, _bx, _wh, _bh }) CellMath.Uniform(parameters[tensor], rng, -bound, bound);
    }

    public override CellWorkspace CreateWorkspace(int steps, int maxBatch) => new Workspace(steps, maxBatch, StateSize);

    public override void Forward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, Span<T> h, int batch)
    {
        var ws = (Workspace)workspace;
        int hs = StateSize, g3 = 3 * hs;
        var fromInput = ws.InputSide.AsSpan(0, batch * g3);
        var fromState = ws.StateSide.AsSpan(0, batch * g3);
        Linear.Forward(fromInput, x, _wx.View(parameters), _bx.View(parameters), batch, InputSize, g3);
        Linear.Forward(fromState, hPrev, _wh.View(parameters), _bh.View(parameters), batch, hs, g3);
        var gates = ws.Gates.AsSpan(step * batch * g3, batch * g3);
        var candidateState = ws.CandidateState.AsSpan(step * batch * hs, batch * hs);
        for (int b = 0; b < batch; b++)
        {
            var gi = fromInput.Slice(b * g3, g3);
            var gh = fromState.Slice(b * g3, g3);
            var gate = gates.Slice(b * g3, g3);
            for (int j = 0; j < hs; j++)
            {
                int k = b * hs + j;
                T r = CellMath.Sigmoid(gi[j] + gh[j]);
                T z = CellMath.Sigmoid(gi[hs + j] + gh[hs + j]);
                T n = T.Tanh(gi[2 * hs + j] + r * gh[2 * hs + j]);
                gate[j] = r; gate[hs + j] = z; gate[2 * hs + j] = n;
                candidateState[k] = gh[2 * hs + j];
                h[k] = (T.One - z) * n + z * hPrev[k];
            }
        }
    }

    public override void Backward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> h, ReadOnlySpan<T> dh,
        Span<T> dx, Span<T> dhPrev, Span<T> gradient, int batch)
    {
        var ws = (Workspace)workspace;
        int hs = StateSize, g3 = 3 * hs;
        var gates = ws.Gates.AsSpan(step * batch * g3, batch * g3);
        var candidateState = ws.CandidateState.AsSpan(step * batch * hs, batch * hs);
        var dInput = ws.InputSide.AsSpan(0, batch * g3);
        var dState = ws.StateSide.AsSpan(0, batch * g3);
        for (int b = 0; b < batch; b++)
        {
            var gate = gates.Slice(b * g3, g3);
            var di = dInput.Slice(b * g3, g3);
            var ds = dState.Slice(b * g3, g3);
            for (int j = 0; j < hs; j++)
            {
                int k = b * hs + j;
                T r = gate[j], z = gate[hs + j], n = gate[2 * hs + j];
                T dnPre = dh[k] * (T.One - z) * (T.One - n * n);
                T drPre = dnPre * candidateState[k] * r * (T.One - r);
                T dzPre = dh[k] * (hPrev[k] - n) * z * (T.One - z);
                dhPrev[k] += dh[k] * z;
                di[j] = drPre; di[hs + j] = dzPre; di[2 * hs + j] = dnPre;
                ds[j] = drPre; ds[hs + j] = dzPre; ds[2 * hs + j] = dnPre * r;
            }
        }
        Linear.Backward(dx, _wx.Slot(gradient), _bx.Slot(gradient), dInput, x, _wx.View(parameters), batch, InputSize, g3);
        Linear.Backward(dhPrev, _wh.Slot(gradient), _bh.Slot(gradient), dState, hPrev, _wh.View(parameters), batch, hs, g3);
    }

    private sealed class Workspace(int steps, int maxBatch, int hidden) : CellWorkspace(steps, maxBatch)
    {
        /// <summary>[step, batch, 3H] activated r, z, n.</summary>
        public T[] Gates { get; } = new T[steps * maxBatch * 3 * hidden];

        /// <summary>[step, batch, H] Whn h + bhn, which the reset gate scales.</summary>
        public T[] CandidateState { get; } = new T[steps * maxBatch * hidden];

        public T[] InputSide { get; } = new T[maxBatch * 3 * hidden];

        public T[] StateSide { get; } = new T[maxBatch * 3 * hidden];
    }
}
