using System.Numerics;
using System.Numerics.Tensors;
using Dlnet.Nn.Kernels;

namespace Dlnet.Nn.Recurrent;

/// <summary>
/// Closed-form continuous-time cell (Hasani et al., Nature Machine Intelligence 2022) as the ncps
/// library defines it: z = backbone([x, h]), a stack of Linear + LeCun tanh (none: z = [x, h]); then
/// ff1 = tanh(W1 z + b1), ff2 = tanh(W2 z + b2), g = sigmoid(ta(z) t + tb(z)) with t the time elapsed per
/// step, combined as <see cref="CfcMode"/> says. In <see cref="CfcMode.Pure"/> ff1 is the linear
/// W1 z + b1 (no tanh) and neither ff2 nor g exists, as in ncps. The state is h.
/// </summary>
/// <remarks>
/// The heads share one weight [4H, Z] whose row blocks are W1, W2, Wa, Wb (pure mode: W1 only), so one
/// product serves all of them.
/// </remarks>
public sealed class CfcCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterTensor[] _backboneWeight;
    private readonly ParameterTensor[] _backboneBias;
    private readonly ParameterTensor _headWeight;
    private readonly ParameterTensor _headBias;
    private readonly ParameterTensor? _amplitude;
    private readonly ParameterTensor? _timeConstant;
    private readonly T _timeStep;

    public CfcCell(ParameterStore<T> parameters, string name, int inputSize, int hiddenSize, CfcMode mode,
        int backboneUnits, int backboneLayers, double timeStep) : base(inputSize, hiddenSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(backboneLayers);
        if (backboneLayers > 0) ArgumentOutOfRangeException.ThrowIfLessThan(backboneUnits, 1);
        if (!(timeStep > 0)) throw new ArgumentOutOfRangeException(nameof(timeStep), "elapsed time per step must be positive");
        Mode = mode;
        BackboneLayers = backboneLayers;
        BackboneUnits = backboneLayers > 0 ? backboneUnits : inputSize + hiddenSize;
        _timeStep = T.CreateChecked(timeStep);
        TimeStep = timeStep;
        _backboneWeight = new ParameterTensor[backboneLayers];
        _backboneBias = new ParameterTensor[backboneLayers];
        for (int k = 0; k < backboneLayers; k++)
        {
            _backboneWeight[k] = parameters.Add($"{name}.backbone{k}.weight", backboneUnits, k == 0 ? inputSize + hiddenSize : backboneUnits);
            _backboneBias[k] = parameters.Add($"{name}.backbone{k}.bias", backboneUnits);
        }
        _headWeight = parameters.Add($"{name}.heads.weight", HeadRows, BackboneUnits);
        _headBias = parameters.Add($"{name}.heads.bias", HeadRows);
        if (mode == CfcMode.Pure)
        {
            _amplitude = parameters.Add($"{name}.A", hiddenSize);
            _timeConstant = parameters.Add($"{name}.w_tau", hiddenSize);
        }
    }

    public CfcMode Mode { get; }

    /// <summary>Time elapsed per step, t in the gate and the decay.</summary>
    public double TimeStep { get; }

    public int BackboneLayers { get; }

    /// <summary>Width of z: the backbone's units, or InputSize + StateSize without a backbone.</summary>
    public int BackboneUnits { get; }

    private int HeadRows => Mode == CfcMode.Pure ? StateSize : 4 * StateSize;

    /// <summary>Weights Xavier-uniform, biases uniform in ±1/sqrt(fan-in); A = 1, w_tau = 0 (as ncps).</summary>
    public override void Initialize(ParameterStore<T> parameters, Random rng)
    {
        for (int k = 0; k < BackboneLayers; k++)
        {
            int fanIn = _backboneWeight[k].Shape[1];
            CellMath.XavierUniform(parameters[_backboneWeight[k]], rng, fanIn, BackboneUnits);
            CellMath.Uniform(parameters[_backboneBias[k]], rng, -1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn));
        }
        CellMath.XavierUniform(parameters[_headWeight], rng, BackboneUnits, StateSize);
        CellMath.Uniform(parameters[_headBias], rng, -1 / Math.Sqrt(BackboneUnits), 1 / Math.Sqrt(BackboneUnits));
        if (_amplitude is not null) parameters[_amplitude].Fill(T.One);
        if (_timeConstant is not null) parameters[_timeConstant].Clear();
    }

    public override CellWorkspace CreateWorkspace(int steps, int maxBatch) =>
        new Workspace(steps, maxBatch, InputSize + StateSize, BackboneUnits, BackboneLayers, HeadRows);

    public override void Forward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, Span<T> h, int batch)
    {
        var ws = (Workspace)workspace;
        int cat = InputSize + StateSize, hs = StateSize;
        var joined = ws.Joined.AsSpan(step * batch * cat, batch * cat);
        for (int b = 0; b < batch; b++)
        {
            x.Slice(b * InputSize, InputSize).CopyTo(joined.Slice(b * cat, InputSize));
            hPrev.Slice(b * hs, hs).CopyTo(joined.Slice(b * cat + InputSize, hs));
        }

        ReadOnlySpan<T> z = joined;
        int zWidth = cat;
        for (int k = 0; k < BackboneLayers; k++)
        {
            var layer = BackboneSlice(ws, k, step, batch);
            Linear.Forward(layer, z, _backboneWeight[k].View(parameters), _backboneBias[k].View(parameters), batch, zWidth, BackboneUnits);
            T scale = T.CreateChecked(CellMath.LeCunScale), slope = T.CreateChecked(CellMath.LeCunSlope);
            for (int i = 0; i < layer.Length; i++) layer[i] = scale * T.Tanh(slope * layer[i]);
            z = layer;
            zWidth = BackboneUnits;
        }

        int rows = HeadRows;
        var heads = ws.Heads.AsSpan(step * batch * rows, batch * rows);
        Linear.Forward(heads, z, _headWeight.View(parameters), _headBias.View(parameters), batch, BackboneUnits, rows);
        for (int b = 0; b < batch; b++)
        {
            var head = heads.Slice(b * rows, rows);
            var hRow = h.Slice(b * hs, hs);
            if (Mode == CfcMode.Pure)
            {
                var a = _amplitude!.View(parameters);
                var wTau = _timeConstant!.View(parameters);
                for (int j = 0; j < hs; j++)
                {
                    T ff1 = head[j];
                    T decay = T.Exp(-_timeStep * (T.Abs(wTau[j]) + T.Abs(ff1)));
                    hRow[j] = a[j] - a[j] * decay * ff1;
                }
                continue;
            }
            for (int j = 0; j < hs; j++)
            {
                // Slots 0..2 of the head block are overwritten with ff1, ff2 and g for the backward pass.
                T ff1 = T.Tanh(head[j]);
                T ff2 = T.Tanh(head[hs + j]);
                T g = CellMath.Sigmoid(head[2 * hs + j] * _timeStep + head[3 * hs + j]);
                head[j] = ff1; head[hs + j] = ff2; head[2 * hs + j] = g;
                hRow[j] = Mode == CfcMode.NoGate ? ff1 + g * ff2 : ff1 * (T.One - g) + g * ff2;
            }
        }
    }

    public override void Backward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> h, ReadOnlySpan<T> dh,
        Span<T> dx, Span<T> dhPrev, Span<T> gradient, int batch)
    {
        var ws = (Workspace)workspace;
        int cat = InputSize + StateSize, hs = StateSize, rows = HeadRows;
        var heads = ws.Heads.AsSpan(step * batch * rows, batch * rows);
        var dHeads = ws.HeadGradient.AsSpan(0, batch * rows);
        for (int b = 0; b < batch; b++)
        {
            var head = heads.Slice(b * rows, rows);
            var d = dHeads.Slice(b * rows, rows);
            var dhRow = dh.Slice(b * hs, hs);
            if (Mode == CfcMode.Pure)
            {
                var a = _amplitude!.View(parameters);
                var wTau = _timeConstant!.View(parameters);
                var dA = _amplitude!.Slot(gradient);
                var dWTau = _timeConstant!.Slot(gradient);
                for (int j = 0; j < hs; j++)
                {
                    T ff1 = head[j];
                    T decay = T.Exp(-_timeStep * (T.Abs(wTau[j]) + T.Abs(ff1)));
                    // h = A - A e ff1 with e = exp(-t(|w_tau| + |ff1|)).
                    dA[j] += dhRow[j] * (T.One - decay * ff1);
                    dWTau[j] += dhRow[j] * a[j] * ff1 * _timeStep * T.CreateChecked(T.Sign(wTau[j])) * decay;
                    d[j] = -dhRow[j] * a[j] * decay * (T.One - _timeStep * T.Abs(ff1));
                }
                continue;
            }
            for (int j = 0; j < hs; j++)
            {
                T ff1 = head[j], ff2 = head[hs + j], g = head[2 * hs + j];
                T dff1 = Mode == CfcMode.NoGate ? dhRow[j] : dhRow[j] * (T.One - g);
                T dff2 = dhRow[j] * g;
                T dg = Mode == CfcMode.NoGate ? dhRow[j] * ff2 : dhRow[j] * (ff2 - ff1);
                T dGatePre = dg * g * (T.One - g);
                d[j] = dff1 * (T.One - ff1 * ff1);
                d[hs + j] = dff2 * (T.One - ff2 * ff2);
                d[2 * hs + j] = dGatePre * _timeStep;
                d[3 * hs + j] = dGatePre;
            }
        }

        var joined = ws.Joined.AsSpan(step * batch * cat, batch * cat);
        var dJoined = ws.JoinedGradient.AsSpan(0, batch * cat);
        dJoined.Clear();
        if (BackboneLayers == 0)
        {
            Linear.Backward(dJoined, _headWeight.Slot(gradient), _headBias.Slot(gradient), dHeads, joined, _headWeight.View(parameters), batch, cat, rows);
        }
        else
        {
            // Layer k's gradient lives in buffer (L - 1 - k) % 2 and the layer below it writes into the other.
            int top = BackboneLayers - 1;
            var dz = ws.BackboneGradient[0].AsSpan(0, batch * BackboneUnits);
            dz.Clear();
            Linear.Backward(dz, _headWeight.Slot(gradient), _headBias.Slot(gradient), dHeads,
                BackboneSlice(ws, top, step, batch), _headWeight.View(parameters), batch, BackboneUnits, rows);
            T scale = T.CreateChecked(CellMath.LeCunScale), slopeScale = T.CreateChecked(CellMath.LeCunScale * CellMath.LeCunSlope);
            for (int k = top; k >= 0; k--)
            {
                dz = ws.BackboneGradient[(top - k) % 2].AsSpan(0, batch * BackboneUnits);
                var layer = BackboneSlice(ws, k, step, batch);
                for (int i = 0; i < dz.Length; i++)
                {
                    T th = layer[i] / scale;
                    dz[i] *= slopeScale * (T.One - th * th);
                }
                var weight = _backboneWeight[k].View(parameters);
                var dWeight = _backboneWeight[k].Slot(gradient);
                var dBias = _backboneBias[k].Slot(gradient);
                if (k == 0)
                {
                    Linear.Backward(dJoined, dWeight, dBias, dz, joined, weight, batch, cat, BackboneUnits);
                }
                else
                {
                    var dBelow = ws.BackboneGradient[(top - k + 1) % 2].AsSpan(0, batch * BackboneUnits);
                    dBelow.Clear();
                    Linear.Backward(dBelow, dWeight, dBias, dz, BackboneSlice(ws, k - 1, step, batch), weight, batch, BackboneUnits, BackboneUnits);
                }
            }
        }

        for (int b = 0; b < batch; b++)
        {
            var dRow = dJoined.Slice(b * cat, cat);
            if (!dx.IsEmpty)
            {
                var dxRow = dx.Slice(b * InputSize, InputSize);
                TensorPrimitives.Add(dxRow, dRow[..InputSize], dxRow);
            }
            var dhRow = dhPrev.Slice(b * hs, hs);
            TensorPrimitives.Add(dhRow, dRow[InputSize..], dhRow);
        }
    }

    private Span<T> BackboneSlice(Workspace ws, int layer, int step, int batch) =>
        ws.Backbone[layer].AsSpan(step * batch * BackboneUnits, batch * BackboneUnits);

    private sealed class Workspace : CellWorkspace
    {
        public Workspace(int steps, int maxBatch, int joined, int units, int layers, int headRows) : base(steps, maxBatch)
        {
            Joined = new T[steps * maxBatch * joined];
            JoinedGradient = new T[maxBatch * joined];
            Backbone = [.. Enumerable.Range(0, layers).Select(_ => new T[steps * maxBatch * units])];
            BackboneGradient = [new T[maxBatch * units], new T[maxBatch * units]];
            Heads = new T[steps * maxBatch * headRows];
            HeadGradient = new T[maxBatch * headRows];
        }

        /// <summary>[step, batch, inputs + H]: [x, hPrev].</summary>
        public T[] Joined { get; }

        public T[] JoinedGradient { get; }

        /// <summary>Per backbone layer [step, batch, units], after the LeCun tanh.</summary>
        public T[][] Backbone { get; }

        /// <summary>Two buffers the backward pass alternates between, layer by layer.</summary>
        public T[][] BackboneGradient { get; }

        /// <summary>[step, batch, head rows]: ff1, ff2, g and the raw tb (pure mode: the linear ff1).</summary>
        public T[] Heads { get; }

        public T[] HeadGradient { get; }
    }
}
