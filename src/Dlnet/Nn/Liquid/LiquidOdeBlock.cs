using System.Numerics;
using Dlnet.Nn.Kernels;

namespace Dlnet.Nn.Liquid;

/// <summary>
/// The liquid ODE block of the paper's networks: dx/dt = f(x) = -alpha ⊙ x + beta ⊙ tanh(W x + u),
/// integrated from x(0) = x0 for a fixed number of explicit steps, with alpha and beta learnable per
/// unit and u one scalar drive per sample broadcast to all units.
/// <para>
/// The backward pass is exact for the discrete solver (discretise-then-differentiate): every stage
/// input y and its tanh(W y + u) are kept from the forward pass, and the chain runs back through each
/// stage. A stage with upstream gradient g contributes dy = -alpha ⊙ g + W^T dz, dz = beta ⊙ g ⊙ (1 - s^2);
/// the W gradient sum_stages dz^T y is one product over all stages at the end.
/// </para>
/// <para>
/// Parameters: <c>alpha</c>, <c>beta</c> [hidden]; dense <c>w</c> [hidden, hidden], or <c>w_diag</c> [hidden],
/// <c>u</c> [hidden, r] and <c>vt</c> [r, hidden] (V stored transposed so both products are row-major maps).
/// </para>
/// </summary>
public sealed class LiquidOdeBlock<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterStore<T> _store;
    private readonly T _h;

    public LiquidOdeBlock(ParameterStore<T> store, string name, LiquidOdeOptions options)
    {
        options.Validate();
        _store = store;
        Options = options;
        _h = T.CreateChecked(options.StepSize);
        int n = options.Hidden;
        Alpha = store.Add(name + ".alpha", n);
        Beta = store.Add(name + ".beta", n);
        if (options.Coupling == LiquidCoupling.Dense)
        {
            W = store.Add(name + ".w", n, n);
        }
        else
        {
            WDiag = store.Add(name + ".w_diag", n);
            U = store.Add(name + ".u", n, options.Rank);
            VT = store.Add(name + ".vt", options.Rank, n);
        }
    }

    public LiquidOdeOptions Options { get; }

    public int Hidden => Options.Hidden;

    public ParameterTensor Alpha { get; }

    public ParameterTensor Beta { get; }

    /// <summary>Dense coupling, or null.</summary>
    public ParameterTensor? W { get; }

    /// <summary>Diagonal of the low-rank coupling, or null.</summary>
    public ParameterTensor? WDiag { get; }

    /// <summary>U [hidden, r] of the low-rank coupling, or null.</summary>
    public ParameterTensor? U { get; }

    /// <summary>V^T [r, hidden] of the low-rank coupling, or null.</summary>
    public ParameterTensor? VT { get; }

    internal int StagesPerStep => Options.Solver == OdeSolver.Euler ? 1 : 4;

    internal int Rank => Options.Coupling == LiquidCoupling.Dense ? 0 : Options.Rank;

    /// <summary>alpha, beta from the options; couplings uniform in ±1/sqrt(hidden).</summary>
    public void Initialize(Random rng)
    {
        _store[Alpha].Fill(T.CreateChecked(Options.AlphaInit));
        _store[Beta].Fill(T.CreateChecked(Options.BetaInit));
        double bound = 1.0 / Math.Sqrt(Hidden);
        foreach (var tensor in new[] { W, WDiag, U, VT })
        {
            if (tensor is null) continue;
            var values = _store[tensor];
            for (int i = 0; i < values.Length; i++) values[i] = T.CreateChecked((rng.NextDouble() * 2 - 1) * bound);
        }
    }

    public LiquidOdeBuffers<T> CreateBuffers(int maxBatch) => new(this, maxBatch);

    /// <summary>x0, xT: [batch, hidden]; u: [batch]. xT may not alias x0.</summary>
    public void Forward(LiquidOdeBuffers<T> buffers, ReadOnlySpan<T> x0, ReadOnlySpan<T> u, Span<T> xT, int batch)
    {
        CheckBatch(buffers, batch);
        int size = batch * Hidden;
        PrepareCoupling(buffers);
        x0[..size].CopyTo(buffers.StageInput(0, batch));
        var k = buffers.K.AsSpan(0, size);
        T half = _h / T.CreateChecked(2), sixth = _h / T.CreateChecked(6), two = T.CreateChecked(2);
        for (int step = 0; step < Options.Steps; step++)
        {
            var next = step + 1 < Options.Steps ? buffers.StageInput((step + 1) * StagesPerStep, batch) : xT[..size];
            if (Options.Solver == OdeSolver.Euler)
            {
                var y = buffers.StageInput(step, batch);
                Derivative(buffers, step, u, k, batch);
                for (int i = 0; i < size; i++) next[i] = y[i] + _h * k[i];
                continue;
            }
            int s0 = step * 4;
            var x = buffers.StageInput(s0, batch);
            var acc = buffers.Accumulator.AsSpan(0, size);
            Derivative(buffers, s0, u, k, batch);
            var y2 = buffers.StageInput(s0 + 1, batch);
            for (int i = 0; i < size; i++) { acc[i] = k[i]; y2[i] = x[i] + half * k[i]; }
            Derivative(buffers, s0 + 1, u, k, batch);
            var y3 = buffers.StageInput(s0 + 2, batch);
            for (int i = 0; i < size; i++) { acc[i] += two * k[i]; y3[i] = x[i] + half * k[i]; }
            Derivative(buffers, s0 + 2, u, k, batch);
            var y4 = buffers.StageInput(s0 + 3, batch);
            for (int i = 0; i < size; i++) { acc[i] += two * k[i]; y4[i] = x[i] + _h * k[i]; }
            Derivative(buffers, s0 + 3, u, k, batch);
            for (int i = 0; i < size; i++) next[i] = x[i] + sixth * (acc[i] + k[i]);
        }
    }

    /// <summary>
    /// Given dL/dxT, WRITES dL/dx0 and (unless empty) dL/du, and ADDS the parameter gradients.
    /// Uses the stages kept by the last <see cref="Forward"/> with these buffers.
    /// </summary>
    public void Backward(LiquidOdeBuffers<T> buffers, ReadOnlySpan<T> dxT, Span<T> dx0, Span<T> du, Span<T> parameterGradient, int batch)
    {
        CheckBatch(buffers, batch);
        int size = batch * Hidden;
        if (!du.IsEmpty) du[..batch].Clear();
        var g = buffers.Gradient.AsSpan(0, size);
        var d = buffers.NextGradient.AsSpan(0, size);
        var gk = buffers.StageGradient.AsSpan(0, size);
        var t = buffers.InputGradient.AsSpan(0, size);
        dxT[..size].CopyTo(g);
        T half = _h / T.CreateChecked(2), third = _h / T.CreateChecked(3), sixth = _h / T.CreateChecked(6);
        for (int step = Options.Steps - 1; step >= 0; step--)
        {
            if (Options.Solver == OdeSolver.Euler)
            {
                for (int i = 0; i < size; i++) gk[i] = _h * g[i];
                DerivativeBackward(buffers, step, gk, t, du, parameterGradient, batch);
                for (int i = 0; i < size; i++) d[i] = g[i] + t[i];
            }
            else
            {
                int s0 = step * 4;
                for (int i = 0; i < size; i++) gk[i] = sixth * g[i];
                DerivativeBackward(buffers, s0 + 3, gk, t, du, parameterGradient, batch);
                for (int i = 0; i < size; i++) { d[i] = g[i] + t[i]; gk[i] = third * g[i] + _h * t[i]; }
                DerivativeBackward(buffers, s0 + 2, gk, t, du, parameterGradient, batch);
                for (int i = 0; i < size; i++) { d[i] += t[i]; gk[i] = third * g[i] + half * t[i]; }
                DerivativeBackward(buffers, s0 + 1, gk, t, du, parameterGradient, batch);
                for (int i = 0; i < size; i++) { d[i] += t[i]; gk[i] = sixth * g[i] + half * t[i]; }
                DerivativeBackward(buffers, s0, gk, t, du, parameterGradient, batch);
                for (int i = 0; i < size; i++) d[i] += t[i];
            }
            var swap = g; g = d; d = swap;
        }
        g.CopyTo(dx0[..size]);
        CouplingWeightGradients(buffers, parameterGradient, batch);
    }

    private void PrepareCoupling(LiquidOdeBuffers<T> buffers)
    {
        if (W is not null)
        {
            Linear.Transpose(buffers.CouplingT, _store[W], Hidden, Hidden);
            return;
        }
        Linear.Transpose(buffers.VTT, _store[VT!], Hidden, Rank);
        Linear.Transpose(buffers.UT, _store[U!], Rank, Hidden);
    }

    /// <summary>k = f(y) for stage <paramref name="stage"/>; keeps tanh(W y + u) (and V^T y) for the backward pass.</summary>
    private void Derivative(LiquidOdeBuffers<T> buffers, int stage, ReadOnlySpan<T> u, Span<T> k, int batch)
    {
        int n = Hidden;
        var y = buffers.StageInput(stage, batch);
        var s = buffers.StageTanh(stage, batch);
        if (W is not null)
        {
            Linear.ForwardTransposed(s, y, buffers.CouplingT, [], batch, n, n);
        }
        else
        {
            int r = Rank;
            var p = buffers.StageProjection(stage, batch);
            Linear.ForwardTransposed(p, y, buffers.VTT, [], batch, n, r);
            Linear.ForwardTransposed(s, p, buffers.UT, [], batch, r, n);
            T invR = T.One / T.CreateChecked(r);
            var wd = _store[WDiag!];
            for (int b = 0; b < batch; b++)
            for (int j = 0; j < n; j++)
                s[b * n + j] = s[b * n + j] * invR + wd[j] * y[b * n + j];
        }
        var alpha = _store[Alpha];
        var beta = _store[Beta];
        for (int b = 0; b < batch; b++)
        {
            T drive = u[b];
            for (int j = 0; j < n; j++)
            {
                int i = b * n + j;
                T sv = T.Tanh(s[i] + drive);
                s[i] = sv;
                k[i] = beta[j] * sv - alpha[j] * y[i];
            }
        }
    }

    /// <summary>
    /// dy = -alpha ⊙ gbar + W^T dz for stage <paramref name="stage"/> with upstream gbar = dL/df(y);
    /// adds the alpha, beta, w_diag and u gradients and keeps dz (and dp) for the coupling gradients.
    /// </summary>
    private void DerivativeBackward(LiquidOdeBuffers<T> buffers, int stage, ReadOnlySpan<T> gbar, Span<T> dy, Span<T> du,
        Span<T> parameterGradient, int batch)
    {
        int n = Hidden;
        var y = buffers.StageInput(stage, batch);
        var s = buffers.StageTanh(stage, batch);
        var dz = buffers.StageDz(stage, batch);
        var alpha = _store[Alpha];
        var beta = _store[Beta];
        var dAlpha = parameterGradient.Slice(Alpha.Offset, n);
        var dBeta = parameterGradient.Slice(Beta.Offset, n);
        for (int b = 0; b < batch; b++)
        {
            T rowSum = T.Zero;
            for (int j = 0; j < n; j++)
            {
                int i = b * n + j;
                T gv = gbar[i], sv = s[i];
                T dzv = beta[j] * gv * (T.One - sv * sv);
                dz[i] = dzv;
                rowSum += dzv;
                dAlpha[j] -= gv * y[i];
                dBeta[j] += gv * sv;
                dy[i] = -alpha[j] * gv;
            }
            if (!du.IsEmpty) du[b] += rowSum;
        }
        if (W is not null)
        {
            Gemm.MultiplyAdd(dy, n, dz, n, 1, _store[W], n, batch, n, n, T.One);
            return;
        }
        int r = Rank;
        var wd = _store[WDiag!];
        var dWd = parameterGradient.Slice(WDiag!.Offset, n);
        for (int b = 0; b < batch; b++)
        for (int j = 0; j < n; j++)
        {
            int i = b * n + j;
            dy[i] += wd[j] * dz[i];
            dWd[j] += dz[i] * y[i];
        }
        var dp = buffers.StageDp(stage, batch);
        dp.Clear();
        Gemm.MultiplyAdd(dp, r, dz, n, 1, _store[U!], r, batch, r, n, T.One / T.CreateChecked(r));
        Gemm.MultiplyAdd(dy, n, dp, r, 1, _store[VT!], n, batch, n, r, T.One);
    }

    /// <summary>Coupling gradients summed over every stage of every step as one product each.</summary>
    private void CouplingWeightGradients(LiquidOdeBuffers<T> buffers, Span<T> parameterGradient, int batch)
    {
        int n = Hidden, rows = buffers.Stages * batch;
        var y = buffers.Inputs.AsSpan(0, rows * n);
        var dz = buffers.Dz.AsSpan(0, rows * n);
        if (W is not null)
        {
            Gemm.MultiplyAdd(parameterGradient.Slice(W.Offset, W.Length), n, dz, 1, n, y, n, n, n, rows, T.One);
            return;
        }
        int r = Rank;
        var p = buffers.Projections.AsSpan(0, rows * r);
        var dp = buffers.Dp.AsSpan(0, rows * r);
        Gemm.MultiplyAdd(parameterGradient.Slice(U!.Offset, U.Length), r, dz, 1, n, p, r, n, r, rows, T.One / T.CreateChecked(r));
        Gemm.MultiplyAdd(parameterGradient.Slice(VT!.Offset, VT.Length), n, dp, 1, r, y, n, r, n, rows, T.One);
    }

    private static void CheckBatch(LiquidOdeBuffers<T> buffers, int batch)
    {
        if (batch < 1 || batch > buffers.MaxBatch)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be in [1, {buffers.MaxBatch}]");
    }
}
