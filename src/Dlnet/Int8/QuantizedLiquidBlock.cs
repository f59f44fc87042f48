namespace Dlnet.Int8;

/// <summary>
/// The liquid block in int16: the Euler steps (<c>dlnet_liquid_euler_s16</c>), the residual
/// x = x_T + r x0 (<c>dlnet_scaled_add_s16</c>) and the int8 copy of x for the decoder (<c>dlnet_requantize_s16</c>).
/// <para>
/// Scales. x0 is the tanh output, Q0.15. The states after each step share one symmetric scale s_x from a bound
/// that no input can exceed: |x'| &lt;= |1 - dt alpha| |x| + dt |beta| per unit, from |x0| &lt;= 1, the largest over
/// the steps. So the update never saturates, and 16 bits keep its small increments (dt beta tanh is about one
/// int8 step of a state in [-1, 1]). The projection a = V^T x gets per-row scales from the same bound
/// (sum |V^T[k, :]| times the largest state). The latent gets (bound on x_T) + |r|. Only the int8 copy for the
/// decoder is calibrated.
/// </para>
/// <para>
/// With one Euler step (the student's default) the residual folds into it: x_T + r x0 = (1 - dt alpha + r) x0 + dt beta
/// tanh(.), so the step's decay coefficients become 1 - dt alpha + r, it writes the latent directly (bound
/// max |1 - dt alpha + r| + dt |beta|), and the separate sum and its rounding go away.
/// </para>
/// <para>
/// The drive u (the mean of the encoded window, Q3.12) comes from <see cref="QuantizedInputLayer"/>.
/// </para>
/// </summary>
internal sealed class QuantizedLiquidBlock
{
    /// <summary>The tanh output: Q0.15.</summary>
    public const double TanhScale = 1.0 / 32768;

    public required int Hidden { get; init; }

    public required int Rank { get; init; }

    /// <summary>tanh from Q3.12 to Q0.15, shared with the encoder's last block.</summary>
    public required short[] TanhTable { get; init; }

    /// <summary>One set of constants per Euler step (the first takes x0 at Q0.15, the others the state scale).</summary>
    public required LiquidEulerS16Params[] Steps { get; init; }

    /// <summary>s_x of every state after the first step.</summary>
    public required double StateScale { get; init; }

    /// <summary>True when the residual is folded into the one Euler step (no separate sum).</summary>
    public required bool ResidualFolded { get; init; }

    public required int ResidualStateMultiplier { get; init; }

    public required int ResidualStateShift { get; init; }

    public required int ResidualStartMultiplier { get; init; }

    public required int ResidualStartShift { get; init; }

    public required double LatentScale { get; init; }

    /// <summary>The int8 latent the decoder reads (calibrated).</summary>
    public required QuantizationParams LatentInt8 { get; init; }

    public required int LatentMultiplier { get; init; }

    public required int LatentShift { get; init; }

    public int ScratchLength => Rank;

    public static QuantizedLiquidBlock Prepare(StudentGraph graph, ValueRange latent)
    {
        var net = graph.Network;
        var ode = graph.Ode;
        var store = graph.Store;
        int h = net.Hidden, r = ode.Options.Rank, steps = ode.Options.Steps;
        double dt = ode.Options.StepSize;
        var alpha = store[ode.Alpha];
        var beta = store[ode.Beta];

        // Bounds of the states: B_0 = 1 (tanh), B_k+1 = max_j |1 - dt alpha_j| B_k + dt |beta_j|.
        var bounds = new double[steps + 1];
        bounds[0] = 1;
        for (int k = 0; k < steps; k++)
            for (int j = 0; j < h; j++)
                bounds[k + 1] = Math.Max(bounds[k + 1], Math.Abs(1 - dt * alpha[j]) * bounds[k] + dt * Math.Abs(beta[j]));
        double stateBound = bounds.Skip(1).Max();
        var state = QuantizationParams.SymmetricInt16(stateBound);

        var table = new short[LutS16.Length];
        LutS16.Build(table, Math.Tanh, QuantizedNormDense.PreActivation.Scale, TanhScale);
        double r0 = store[net.ResidualScale][0];
        bool folded = steps == 1;
        var stepParams = new LiquidEulerS16Params[steps];
        QuantizationParams latentWide;
        int rsm = 0, rss = 0, rxm = 0, rxs = 0;
        if (folded)
        {
            double bound = 0;
            for (int j = 0; j < h; j++) bound = Math.Max(bound, Math.Abs(1 - dt * alpha[j] + r0) + dt * Math.Abs(beta[j]));
            latentWide = QuantizationParams.SymmetricInt16(bound);
            state = latentWide;
            stepParams[0] = Step(graph, TanhScale, latentWide.Scale, table, r0);
        }
        else
        {
            for (int k = 0; k < steps; k++)
                stepParams[k] = Step(graph, k == 0 ? TanhScale : state.Scale, state.Scale, table, 0);
            latentWide = QuantizationParams.SymmetricInt16(bounds[steps] + Math.Abs(r0));
            (rsm, rss) = FixedPoint.QuantizeSignedMultiplier(state.Scale / latentWide.Scale);
            (rxm, rxs) = FixedPoint.QuantizeSignedMultiplier(r0 * TanhScale / latentWide.Scale);
        }
        var latentInt8 = QuantizationParams.FromMinMaxInt8(latent.Min, latent.Max);
        var (lm, ls) = FixedPoint.QuantizeMultiplier(latentWide.Scale / latentInt8.Scale);
        return new QuantizedLiquidBlock
        {
            Hidden = h,
            Rank = r,
            TanhTable = table,
            Steps = stepParams,
            StateScale = state.Scale,
            ResidualFolded = folded,
            ResidualStateMultiplier = rsm,
            ResidualStateShift = rss,
            ResidualStartMultiplier = rxm,
            ResidualStartShift = rxs,
            LatentScale = latentWide.Scale,
            LatentInt8 = latentInt8,
            LatentMultiplier = lm,
            LatentShift = ls,
        };
    }

    /// <summary>
    /// Constants of one step from states of scale <paramref name="inputScale"/> to <paramref name="outputScale"/>;
    /// <paramref name="residual"/> r is added to the decay coefficients (the folded x_T + r x0 of a single step).
    /// </summary>
    static LiquidEulerS16Params Step(StudentGraph graph, double inputScale, double outputScale, short[] table, double residual)
    {
        var ode = graph.Ode;
        var store = graph.Store;
        int h = ode.Hidden, r = ode.Options.Rank;
        double dt = ode.Options.StepSize, pre = QuantizedNormDense.PreActivation.Scale;
        var vt = store[ode.VT!];
        var u = store[ode.U!];
        var wd = store[ode.WDiag!];
        var alpha = store[ode.Alpha];
        var beta = store[ode.Beta];

        var vtCodes = new short[r * h];
        var vtScales = new double[r];
        WeightQuantization.QuantizePerChannelInt16(vtCodes, vtScales, vt, r, h);
        var projectionScales = new double[r];
        var pm = new int[r];
        var ps = new int[r];
        for (int k = 0; k < r; k++)
        {
            double bound = 0;
            for (int j = 0; j < h; j++) bound += Math.Abs(vt[k * h + j]) * inputScale * short.MaxValue;
            projectionScales[k] = QuantizationParams.SymmetricInt16(bound).Scale;
            (pm[k], ps[k]) = FixedPoint.QuantizeMultiplier(inputScale * vtScales[k] / projectionScales[k]);
        }

        // U with the projection scales and 1/r folded in, so the product's input has scale 1.
        var folded = new float[h * r];
        for (int j = 0; j < h; j++)
            for (int k = 0; k < r; k++)
                folded[j * r + k] = (float)(u[j * r + k] * projectionScales[k] / r);
        var uCodes = new short[h * r];
        var uScales = new double[h];
        WeightQuantization.QuantizePerChannelInt16(uCodes, uScales, folded, h, r);
        var em = new int[h];
        var es = new int[h];
        var dm = new int[h];
        var dsh = new int[h];
        var am = new int[h];
        var ash = new int[h];
        var bm = new int[h];
        var bsh = new int[h];
        for (int j = 0; j < h; j++)
        {
            (em[j], es[j]) = FixedPoint.QuantizeMultiplier(uScales[j] / pre);
            (dm[j], dsh[j]) = FixedPoint.QuantizeSignedMultiplier(wd[j] * inputScale / pre);
            (am[j], ash[j]) = FixedPoint.QuantizeSignedMultiplier((1 - dt * alpha[j] + residual) * inputScale / outputScale);
            (bm[j], bsh[j]) = FixedPoint.QuantizeSignedMultiplier(dt * beta[j] * TanhScale / outputScale);
        }
        return new LiquidEulerS16Params(h, r, vtCodes, pm, ps, uCodes, em, es, dm, dsh, table, am, ash, bm, bsh);
    }

    /// <summary>
    /// x0 (Q0.15, h values) and the drive (Q3.12) to the int8 latent; <paramref name="state"/> and
    /// <paramref name="scratch"/> are working buffers of h and r values. One sample.
    /// </summary>
    public void Run(short drive, ReadOnlySpan<short> x0, Span<short> state, Span<short> scratch, Span<sbyte> latent)
    {
        ReadOnlySpan<short> u = [drive];
        var x = state[..Hidden];
        LiquidEulerS16.Step(x, x0[..Hidden], u, Steps[0], scratch, 1);
        for (int k = 1; k < Steps.Length; k++) LiquidEulerS16.Step(x, x, u, Steps[k], scratch, 1);
        if (!ResidualFolded)
            ScaledAddS16.Run(x, x, x0[..Hidden], [ResidualStateMultiplier], [ResidualStateShift], [ResidualStartMultiplier], [ResidualStartShift], 1);
        RequantizeS16.Run(latent[..Hidden], x, LatentMultiplier, LatentShift, LatentInt8.ZeroPoint, sbyte.MinValue, sbyte.MaxValue);
    }
}
