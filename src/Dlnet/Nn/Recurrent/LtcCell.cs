using System.Numerics;
using System.Numerics.Tensors;

namespace Dlnet.Nn.Recurrent;

/// <summary>
/// Liquid time-constant cell (Hasani et al., AAAI 2021) with the ncps library's semantics. Neuron j has
/// potential v_j and obeys cm_j dv_j/dt = gleak_j (vleak_j - v_j) + sum_i a_ij (E_ij - v_j), where
/// a_ij = w_ij sigmoid(sigma_ij (v_i - mu_ij)) over the wired neuron synapses, plus the same over the
/// wired sensory synapses with v_i replaced by the mapped input x_k in_w_k + in_b_k (constant during a
/// step). Each input step is integrated by <see cref="Unfolds"/> sub-steps of dt = timeStep / unfolds
/// with the chosen <see cref="LtcSolver"/>. The cell's output is the motor neurons 0..motor-1 through
/// the affine map out_w v + out_b.
/// </summary>
/// <remarks>
/// w, cm and gleak must stay positive; they are stored as raw values r and used as softplus(r). Softplus
/// rather than |r| or clipping because it is smooth (no kink for the optimiser or the gradient check) and
/// never reaches 0, so cm/dt and dt/cm stay finite whatever step the optimiser takes. Raw values are drawn
/// as the softplus pre-image of the documented initial ranges, so the effective values start in them;
/// an exporter writes softplus(r). The backward pass recomputes each sub-step's synapse sigmoids from the
/// stored potentials instead of storing them: that is one N x N matrix per sub-step per sample (79 MB for
/// N 32, 100 steps, 6 unfolds, batch 32 in float) against 0.6 MB of potentials.
/// </remarks>
public sealed class LtcCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Epsilon = T.CreateChecked(1e-8);

    private readonly ParameterTensor _gleak, _vleak, _cm;
    private readonly ParameterTensor _w, _sigma, _mu, _erev;
    private readonly ParameterTensor _sensoryW, _sensorySigma, _sensoryMu, _sensoryErev;
    private readonly ParameterTensor _inputW, _inputB, _outputW, _outputB;
    private readonly T[] _mask;
    private readonly T[] _sensoryMask;
    private readonly T _dt;

    public LtcCell(ParameterStore<T> parameters, string name, LtcWiring wiring, LtcSolver solver, int unfolds, double timeStep)
        : base(wiring.Sensory, wiring.Neurons)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(unfolds, 1);
        if (!(timeStep > 0)) throw new ArgumentOutOfRangeException(nameof(timeStep), "elapsed time per step must be positive");
        Wiring = wiring;
        Solver = solver;
        Unfolds = unfolds;
        _dt = T.CreateChecked(timeStep / unfolds);
        TimeStep = timeStep;
        int n = wiring.Neurons, s = wiring.Sensory;
        _gleak = parameters.Add($"{name}.gleak_raw", n);
        _vleak = parameters.Add($"{name}.vleak", n);
        _cm = parameters.Add($"{name}.cm_raw", n);
        _w = parameters.Add($"{name}.w_raw", n, n);
        _sigma = parameters.Add($"{name}.sigma", n, n);
        _mu = parameters.Add($"{name}.mu", n, n);
        _erev = parameters.Add($"{name}.erev", n, n);
        _sensoryW = parameters.Add($"{name}.sensory_w_raw", s, n);
        _sensorySigma = parameters.Add($"{name}.sensory_sigma", s, n);
        _sensoryMu = parameters.Add($"{name}.sensory_mu", s, n);
        _sensoryErev = parameters.Add($"{name}.sensory_erev", s, n);
        _inputW = parameters.Add($"{name}.input_w", s);
        _inputB = parameters.Add($"{name}.input_b", s);
        _outputW = parameters.Add($"{name}.output_w", wiring.Motor);
        _outputB = parameters.Add($"{name}.output_b", wiring.Motor);
        _mask = [.. wiring.Recurrent.ToArray().Select(p => p == 0 ? T.Zero : T.One)];
        _sensoryMask = [.. wiring.SensoryPolarity.ToArray().Select(p => p == 0 ? T.Zero : T.One)];
    }

    public LtcWiring Wiring { get; }

    public LtcSolver Solver { get; }

    /// <summary>Solver sub-steps per input step.</summary>
    public int Unfolds { get; }

    /// <summary>Time elapsed per input step; each sub-step covers TimeStep / Unfolds.</summary>
    public double TimeStep { get; }

    /// <summary>The motor neurons.</summary>
    public override int OutputSize => Wiring.Motor;

    /// <summary>
    /// Initial ranges of ncps: gleak 0.001-1, vleak -0.2-0.2, cm 0.4-0.6, w 0.001-1, sigma 3-8, mu 0.3-0.8
    /// (sensory synapses alike); E the wiring's polarity; input and output maps the identity.
    /// </summary>
    public override void Initialize(ParameterStore<T> parameters, Random rng)
    {
        UniformSoftplus(parameters[_gleak], rng, 0.001, 1.0);
        CellMath.Uniform(parameters[_vleak], rng, -0.2, 0.2);
        UniformSoftplus(parameters[_cm], rng, 0.4, 0.6);
        UniformSoftplus(parameters[_w], rng, 0.001, 1.0);
        CellMath.Uniform(parameters[_sigma], rng, 3, 8);
        CellMath.Uniform(parameters[_mu], rng, 0.3, 0.8);
        UniformSoftplus(parameters[_sensoryW], rng, 0.001, 1.0);
        CellMath.Uniform(parameters[_sensorySigma], rng, 3, 8);
        CellMath.Uniform(parameters[_sensoryMu], rng, 0.3, 0.8);
        CopyPolarity(Wiring.Recurrent, parameters[_erev]);
        CopyPolarity(Wiring.SensoryPolarity, parameters[_sensoryErev]);
        parameters[_inputW].Fill(T.One);
        parameters[_inputB].Clear();
        parameters[_outputW].Fill(T.One);
        parameters[_outputB].Clear();
    }

    public override CellWorkspace CreateWorkspace(int steps, int maxBatch) =>
        new Workspace(steps, maxBatch, StateSize, InputSize, Unfolds);

    public override void BeginForward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int batch)
    {
        var ws = (Workspace)workspace;
        Positive(_cm.View(parameters), ReadOnlySpan<T>.Empty, ws.Cm);
        Positive(_gleak.View(parameters), ReadOnlySpan<T>.Empty, ws.Gleak);
        Positive(_w.View(parameters), _mask, ws.W);
        Positive(_sensoryW.View(parameters), _sensoryMask, ws.SensoryW);
    }

    public override void Forward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, Span<T> h, int batch)
    {
        var ws = (Workspace)workspace;
        int n = StateSize, s = InputSize;
        var inW = _inputW.View(parameters);
        var inB = _inputB.View(parameters);
        for (int b = 0; b < batch; b++)
        {
            var mapped = ws.Mapped.AsSpan((step * batch + b) * s, s);
            var numS = ws.SensoryNum.AsSpan((step * batch + b) * n, n);
            var denS = ws.SensoryDen.AsSpan((step * batch + b) * n, n);
            numS.Clear();
            denS.Clear();
            for (int k = 0; k < s; k++)
            {
                mapped[k] = x[b * s + k] * inW[k] + inB[k];
                Synapses(mapped[k], Row(_sensoryMu.View(parameters), k), Row(_sensorySigma.View(parameters), k),
                    Row<T>(ws.SensoryW, k), Row(_sensoryErev.View(parameters), k), ws.Activation.AsSpan(0, n), ws.Temp1, numS, denS);
            }

            hPrev.Slice(b * n, n).CopyTo(Potential(ws, step, 0, b, batch));
            for (int u = 0; u < Unfolds; u++)
            {
                var v = Potential(ws, step, u, b, batch);
                var next = u == Unfolds - 1 ? h.Slice(b * n, n) : Potential(ws, step, u + 1, b, batch);
                RecurrentSums(ws, parameters, v, numS, denS);
                var vleak = _vleak.View(parameters);
                for (int j = 0; j < n; j++)
                {
                    T cm = ws.Cm[j], gl = ws.Gleak[j];
                    next[j] = Solver == LtcSolver.SemiImplicit
                        ? (cm / _dt * v[j] + gl * vleak[j] + ws.Num[j]) / (cm / _dt + gl + ws.Den[j] + Epsilon)
                        : v[j] + _dt / cm * (gl * (vleak[j] - v[j]) + ws.Num[j] - ws.Den[j] * v[j]);
                }
            }
        }
    }

    public override void Output(ReadOnlySpan<T> parameters, ReadOnlySpan<T> state, Span<T> output, int batch)
    {
        int m = Wiring.Motor;
        var outW = _outputW.View(parameters);
        var outB = _outputB.View(parameters);
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < m; j++)
                output[b * m + j] = state[b * StateSize + j] * outW[j] + outB[j];
    }

    public override void OutputBackward(ReadOnlySpan<T> parameters, ReadOnlySpan<T> state, ReadOnlySpan<T> dOutput,
        Span<T> dState, Span<T> gradient, int batch)
    {
        int m = Wiring.Motor;
        var outW = _outputW.View(parameters);
        var dOutW = _outputW.Slot(gradient);
        var dOutB = _outputB.Slot(gradient);
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < m; j++)
            {
                T d = dOutput[b * m + j];
                dState[b * StateSize + j] += d * outW[j];
                dOutW[j] += d * state[b * StateSize + j];
                dOutB[j] += d;
            }
    }

    public override void BeginBackward(CellWorkspace workspace, int batch)
    {
        var ws = (Workspace)workspace;
        ws.CmGradient.AsSpan().Clear();
        ws.GleakGradient.AsSpan().Clear();
        ws.WGradient.AsSpan().Clear();
        ws.SensoryWGradient.AsSpan().Clear();
    }

    public override void Backward(CellWorkspace workspace, ReadOnlySpan<T> parameters, int step,
        ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> h, ReadOnlySpan<T> dh,
        Span<T> dx, Span<T> dhPrev, Span<T> gradient, int batch)
    {
        var ws = (Workspace)workspace;
        int n = StateSize, s = InputSize;
        var vleak = _vleak.View(parameters);
        var dVleak = _vleak.Slot(gradient);
        var dv = ws.DV.AsSpan();
        var dvPrev = ws.DVPrev.AsSpan();
        var dNum = ws.Temp1.AsSpan();
        var dDen = ws.Temp2.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            var numS = ws.SensoryNum.AsSpan((step * batch + b) * n, n);
            var denS = ws.SensoryDen.AsSpan((step * batch + b) * n, n);
            dh.Slice(b * n, n).CopyTo(dv);
            ws.SensoryNumGradient.AsSpan().Clear();
            ws.SensoryDenGradient.AsSpan().Clear();
            for (int u = Unfolds - 1; u >= 0; u--)
            {
                var v = Potential(ws, step, u, b, batch);
                ReadOnlySpan<T> next = u == Unfolds - 1 ? h.Slice(b * n, n) : Potential(ws, step, u + 1, b, batch);
                RecurrentSums(ws, parameters, v, numS, denS);
                for (int j = 0; j < n; j++)
                {
                    T cm = ws.Cm[j], gl = ws.Gleak[j];
                    if (Solver == LtcSolver.SemiImplicit)
                    {
                        // next = P / D with P = cm/dt v + gl vleak + num, D = cm/dt + gl + den + eps.
                        T cmt = cm / _dt;
                        T d = cmt + gl + ws.Den[j] + Epsilon;
                        T dP = dv[j] / d;
                        T dD = -dv[j] * next[j] / d;
                        dvPrev[j] = dP * cmt;
                        ws.CmGradient[j] += (dP * v[j] + dD) / _dt;
                        ws.GleakGradient[j] += dP * vleak[j] + dD;
                        dVleak[j] += dP * gl;
                        dNum[j] = dP;
                        dDen[j] = dD;
                    }
                    else
                    {
                        // next = v + c f with c = dt/cm, f = gl (vleak - v) + num - den v.
                        T c = _dt / cm;
                        T f = gl * (vleak[j] - v[j]) + ws.Num[j] - ws.Den[j] * v[j];
                        dvPrev[j] = dv[j] * (T.One - c * (gl + ws.Den[j]));
                        ws.CmGradient[j] -= dv[j] * f * c / cm;
                        ws.GleakGradient[j] += dv[j] * c * (vleak[j] - v[j]);
                        dVleak[j] += dv[j] * c * gl;
                        dNum[j] = dv[j] * c;
                        dDen[j] = -dv[j] * c * v[j];
                    }
                }
                TensorPrimitives.Add(ws.SensoryNumGradient, dNum, ws.SensoryNumGradient);
                TensorPrimitives.Add(ws.SensoryDenGradient, dDen, ws.SensoryDenGradient);
                for (int i = 0; i < n; i++)
                {
                    dvPrev[i] += SynapsesBackward(v[i], Row(_mu.View(parameters), i), Row(_sigma.View(parameters), i),
                        Row<T>(ws.W, i), Row(_erev.View(parameters), i), Row<T>(ws.Activation, i), dNum, dDen,
                        Row(_mu.Slot(gradient), i), Row(_sigma.Slot(gradient), i), Row(ws.WGradient.AsSpan(), i),
                        Row(_erev.Slot(gradient), i), ws.Temp3, ws.Temp4);
                }
                dvPrev.CopyTo(dv);
            }
            var dhRow = dhPrev.Slice(b * n, n);
            TensorPrimitives.Add(dhRow, dv, dhRow);

            var mapped = ws.Mapped.AsSpan((step * batch + b) * s, s);
            var inW = _inputW.View(parameters);
            var dInW = _inputW.Slot(gradient);
            var dInB = _inputB.Slot(gradient);
            for (int k = 0; k < s; k++)
            {
                var activation = ws.Activation.AsSpan(0, n);
                var sensoryW = Row<T>(ws.SensoryW, k);
                Activations(mapped[k], Row(_sensoryMu.View(parameters), k), Row(_sensorySigma.View(parameters), k), activation);
                T dMapped = SynapsesBackward(mapped[k], Row(_sensoryMu.View(parameters), k), Row(_sensorySigma.View(parameters), k),
                    sensoryW, Row(_sensoryErev.View(parameters), k), activation, ws.SensoryNumGradient, ws.SensoryDenGradient,
                    Row(_sensoryMu.Slot(gradient), k), Row(_sensorySigma.Slot(gradient), k), Row(ws.SensoryWGradient.AsSpan(), k),
                    Row(_sensoryErev.Slot(gradient), k), ws.Temp3, ws.Temp4);
                dInW[k] += dMapped * x[b * s + k];
                dInB[k] += dMapped;
                if (!dx.IsEmpty) dx[b * s + k] += dMapped * inW[k];
            }
        }
    }

    /// <summary>Folds the gradients of softplus(r) (and the wiring mask) back onto the raw parameters.</summary>
    public override void EndBackward(CellWorkspace workspace, ReadOnlySpan<T> parameters, Span<T> gradient, int batch)
    {
        var ws = (Workspace)workspace;
        RawGradient(ws.CmGradient, _cm.View(parameters), ReadOnlySpan<T>.Empty, _cm.Slot(gradient));
        RawGradient(ws.GleakGradient, _gleak.View(parameters), ReadOnlySpan<T>.Empty, _gleak.Slot(gradient));
        RawGradient(ws.WGradient, _w.View(parameters), _mask, _w.Slot(gradient));
        RawGradient(ws.SensoryWGradient, _sensoryW.View(parameters), _sensoryMask, _sensoryW.Slot(gradient));
    }

    /// <summary>Sets ws.Num and ws.Den to the sensory sums plus the recurrent sums at potentials v; keeps the sigmoids in ws.Activation.</summary>
    private void RecurrentSums(Workspace ws, ReadOnlySpan<T> parameters, ReadOnlySpan<T> v, ReadOnlySpan<T> numS, ReadOnlySpan<T> denS)
    {
        numS.CopyTo(ws.Num);
        denS.CopyTo(ws.Den);
        for (int i = 0; i < StateSize; i++)
            Synapses(v[i], Row(_mu.View(parameters), i), Row(_sigma.View(parameters), i), Row<T>(ws.W, i),
                Row(_erev.View(parameters), i), Row(ws.Activation.AsSpan(), i), ws.Temp1, ws.Num, ws.Den);
    }

    /// <summary>s_j = sigmoid(sigma_j (pre - mu_j)) for the synapses leaving one presynaptic source.</summary>
    private static void Activations(T pre, ReadOnlySpan<T> mu, ReadOnlySpan<T> sigma, Span<T> s)
    {
        TensorPrimitives.Subtract(pre, mu, s);
        TensorPrimitives.Multiply(s, sigma, s);
        TensorPrimitives.Sigmoid(s, s);
    }

    /// <summary>Adds a_j = w_j s_j to den and a_j E_j to num over one source's synapses; leaves s in <paramref name="s"/>.</summary>
    private static void Synapses(T pre, ReadOnlySpan<T> mu, ReadOnlySpan<T> sigma, ReadOnlySpan<T> w, ReadOnlySpan<T> erev,
        Span<T> s, Span<T> a, Span<T> num, Span<T> den)
    {
        Activations(pre, mu, sigma, s);
        TensorPrimitives.Multiply(s, w, a);
        TensorPrimitives.Add(den, a, den);
        TensorPrimitives.MultiplyAdd(a, erev, num, num);
    }

    /// <summary>
    /// Back-propagates dNum and dDen through one source's synapses (sigmoids s from the forward pass),
    /// adding the gradients of mu, sigma, effective w and E; returns dLoss/dpre.
    /// </summary>
    private static T SynapsesBackward(T pre, ReadOnlySpan<T> mu, ReadOnlySpan<T> sigma, ReadOnlySpan<T> w, ReadOnlySpan<T> erev,
        ReadOnlySpan<T> s, ReadOnlySpan<T> dNum, ReadOnlySpan<T> dDen,
        Span<T> dMu, Span<T> dSigma, Span<T> dW, Span<T> dErev, Span<T> da, Span<T> work)
    {
        TensorPrimitives.MultiplyAdd(dNum, erev, dDen, da);           // da = dNum E + dDen
        TensorPrimitives.Multiply(w, s, work);                          // a = w s
        TensorPrimitives.MultiplyAdd(dNum, work, dErev, dErev);         // dE += dNum a
        TensorPrimitives.MultiplyAdd(da, s, dW, dW);                    // dw += da s
        TensorPrimitives.Multiply(da, work, da);                        // da a
        TensorPrimitives.Subtract(T.One, s, work);
        TensorPrimitives.Multiply(da, work, da);                        // dz = da a (1 - s), z = sigma (pre - mu)
        TensorPrimitives.Subtract(pre, mu, work);
        TensorPrimitives.MultiplyAdd(da, work, dSigma, dSigma);         // dsigma += dz (pre - mu)
        TensorPrimitives.Multiply(da, sigma, da);                       // dz sigma
        TensorPrimitives.Subtract(dMu, da, dMu);                        // dmu -= dz sigma
        return TensorPrimitives.Sum<T>(da);                             // dpre = sum dz sigma
    }

    private static void Positive(ReadOnlySpan<T> raw, ReadOnlySpan<T> mask, Span<T> effective)
    {
        for (int i = 0; i < raw.Length; i++)
        {
            T value = CellMath.Softplus(raw[i]);
            effective[i] = mask.IsEmpty ? value : value * mask[i];
        }
    }

    private static void RawGradient(ReadOnlySpan<T> dEffective, ReadOnlySpan<T> raw, ReadOnlySpan<T> mask, Span<T> dRaw)
    {
        for (int i = 0; i < raw.Length; i++)
        {
            T d = dEffective[i] * CellMath.Sigmoid(raw[i]);  // softplus' = sigmoid
            dRaw[i] += mask.IsEmpty ? d : d * mask[i];
        }
    }

    private static void UniformSoftplus(Span<T> raw, Random rng, double lo, double hi)
    {
        for (int i = 0; i < raw.Length; i++) raw[i] = T.CreateChecked(CellMath.InverseSoftplus(lo + (hi - lo) * rng.NextDouble()));
    }

    private static void CopyPolarity(ReadOnlySpan<sbyte> polarity, Span<T> erev)
    {
        for (int i = 0; i < polarity.Length; i++) erev[i] = T.CreateChecked(polarity[i]);
    }

    private ReadOnlySpan<TV> Row<TV>(ReadOnlySpan<TV> matrix, int row) => matrix.Slice(row * StateSize, StateSize);

    private Span<TV> Row<TV>(Span<TV> matrix, int row) => matrix.Slice(row * StateSize, StateSize);

    private Span<T> Potential(Workspace ws, int step, int unfold, int b, int batch) =>
        ws.Potentials.AsSpan(((step * Unfolds + unfold) * batch + b) * StateSize, StateSize);

    private sealed class Workspace : CellWorkspace
    {
        public Workspace(int steps, int maxBatch, int n, int s, int unfolds) : base(steps, maxBatch)
        {
            Cm = new T[n]; Gleak = new T[n]; W = new T[n * n]; SensoryW = new T[s * n];
            Mapped = new T[steps * maxBatch * s];
            SensoryNum = new T[steps * maxBatch * n];
            SensoryDen = new T[steps * maxBatch * n];
            Potentials = new T[steps * unfolds * maxBatch * n];
            Activation = new T[n * n];
            Num = new T[n]; Den = new T[n];
            Temp1 = new T[n]; Temp2 = new T[n]; Temp3 = new T[n]; Temp4 = new T[n];
            DV = new T[n]; DVPrev = new T[n];
            SensoryNumGradient = new T[n]; SensoryDenGradient = new T[n];
            CmGradient = new T[n]; GleakGradient = new T[n]; WGradient = new T[n * n]; SensoryWGradient = new T[s * n];
        }

        /// <summary>Effective (softplus, masked) parameters of the current forward pass.</summary>
        public T[] Cm { get; }
        public T[] Gleak { get; }
        public T[] W { get; }
        public T[] SensoryW { get; }

        /// <summary>[step, batch, sensory] inputs after the input affine map.</summary>
        public T[] Mapped { get; }

        /// <summary>[step, batch, neuron] sensory sums of a E and of a, constant over a step's sub-steps.</summary>
        public T[] SensoryNum { get; }
        public T[] SensoryDen { get; }

        /// <summary>[step, unfold, batch, neuron] potentials before each sub-step.</summary>
        public T[] Potentials { get; }

        /// <summary>[pre, post] synapse sigmoids of the sub-step at hand.</summary>
        public T[] Activation { get; }

        public T[] Num { get; }
        public T[] Den { get; }
        public T[] Temp1 { get; }
        public T[] Temp2 { get; }
        public T[] Temp3 { get; }
        public T[] Temp4 { get; }
        public T[] DV { get; }
        public T[] DVPrev { get; }
        public T[] SensoryNumGradient { get; }
        public T[] SensoryDenGradient { get; }

        /// <summary>Gradients with respect to the effective parameters, folded onto the raw ones at the end.</summary>
        public T[] CmGradient { get; }
        public T[] GleakGradient { get; }
        public T[] WGradient { get; }
        public T[] SensoryWGradient { get; }
    }
}
