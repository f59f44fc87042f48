namespace Dlnet.Int8;

/// <summary>
/// Constants of one explicit Euler step of the liquid block with diagonal plus low-rank coupling, in int16
/// (C: <c>dlnet_liquid_euler_params</c>). States are int16 symmetric; the pre-activation is Q3.12 (scale 2^-12),
/// the tanh Q0.15 (scale 2^-15).
/// </summary>
/// <param name="Hidden">Units h.</param>
/// <param name="Rank">Rank r of the coupling, in [1, h].</param>
/// <param name="ProjectionWeights">V^T [r, h] int16, per row scale.</param>
/// <param name="ProjectionMultipliers">Per row k: requantises V^T x to a_k at its own scale (shifts in [-31, 15]).</param>
/// <param name="ProjectionShifts">Exponents of <paramref name="ProjectionMultipliers"/>.</param>
/// <param name="ExpansionWeights">U [h, r] with a's scales and 1/r folded in, int16 per row.</param>
/// <param name="ExpansionMultipliers">Per unit j: U a to Q3.12 (shifts in [-31, 15]).</param>
/// <param name="ExpansionShifts">Exponents of <paramref name="ExpansionMultipliers"/>.</param>
/// <param name="DiagonalMultipliers">Per unit: w_diag[j] s_x / 2^-12, signed.</param>
/// <param name="DiagonalShifts">Exponents of <paramref name="DiagonalMultipliers"/>.</param>
/// <param name="TanhTable">tanh from Q3.12 to Q0.15 (<see cref="LutS16"/>).</param>
/// <param name="DecayMultipliers">Per unit: (1 - dt alpha[j]) s_x / s_x', signed.</param>
/// <param name="DecayShifts">Exponents of <paramref name="DecayMultipliers"/>.</param>
/// <param name="DriveMultipliers">Per unit: dt beta[j] 2^-15 / s_x', signed.</param>
/// <param name="DriveShifts">Exponents of <paramref name="DriveMultipliers"/>.</param>
public sealed record LiquidEulerS16Params(int Hidden, int Rank,
    short[] ProjectionWeights, int[] ProjectionMultipliers, int[] ProjectionShifts,
    short[] ExpansionWeights, int[] ExpansionMultipliers, int[] ExpansionShifts,
    int[] DiagonalMultipliers, int[] DiagonalShifts,
    short[] TanhTable,
    int[] DecayMultipliers, int[] DecayShifts,
    int[] DriveMultipliers, int[] DriveShifts)
{
    /// <summary>int16 scratch values <see cref="LiquidEulerS16.Step"/> needs: r.</summary>
    public int ScratchLength => Rank;
}

/// <summary>
/// One explicit Euler step x' = x + dt (-alpha x + beta tanh(w_diag x + U V^T x / r + u)) in integers
/// (C: <c>dlnet_liquid_euler_s16</c>). Per sample, with MBQM the requantisation of <see cref="FixedPoint"/>:
/// <code>
/// a_k  = sat16(MBQM64(sum_j x_j VT[k,j], pm_k, ps_k))                       k &lt; r
/// q_j  = sat16(MBQM64(sum_k a_k U[j,k], em_j, es_j) + u)                    Q3.12, u the drive code
/// p_j  = sat16(MBQM(x_j, dm_j, ds_j) + q_j)                                 Q3.12
/// x'_j = sat16(MBQM(x_j, am_j, as_j) + MBQM(tanh16(p_j), bm_j, bs_j))       state scale s_x'
/// </code>
/// The coupling products accumulate in 64 bits and round once; the update is the
/// <see cref="ScaledAddS16"/> form. The output may alias the state.
/// </summary>
public static class LiquidEulerS16
{
    /// <summary>state, output [batch, h] int16; drive [batch] Q3.12; scratch at least <see cref="LiquidEulerS16Params.ScratchLength"/> values.</summary>
    public static void Step(Span<short> output, ReadOnlySpan<short> state, ReadOnlySpan<short> drive, LiquidEulerS16Params p, Span<short> scratch, int batch)
    {
        Check(output.Length, state.Length, drive.Length, scratch.Length, p, batch);
        int h = p.Hidden, r = p.Rank;
        var a = scratch[..r];
        Span<short> pre = stackalloc short[1], t = stackalloc short[1];
        for (int b = 0; b < batch; b++)
        {
            var x = state.Slice(b * h, h);
            var y = output.Slice(b * h, h);
            for (int k = 0; k < r; k++)
            {
                long acc = 0;
                var w = p.ProjectionWeights.AsSpan(k * h, h);
                for (int j = 0; j < h; j++) acc += x[j] * w[j];
                a[k] = FixedPoint.SaturateToInt16(FixedPoint.MultiplyByQuantizedMultiplier(acc, p.ProjectionMultipliers[k], p.ProjectionShifts[k]));
            }
            for (int j = 0; j < h; j++)
            {
                long acc = 0;
                var w = p.ExpansionWeights.AsSpan(j * r, r);
                for (int k = 0; k < r; k++) acc += a[k] * w[k];
                int q = FixedPoint.SaturateToInt16((long)FixedPoint.MultiplyByQuantizedMultiplier(acc, p.ExpansionMultipliers[j], p.ExpansionShifts[j]) + drive[b]);
                pre[0] = FixedPoint.SaturateToInt16((long)FixedPoint.MultiplyByQuantizedMultiplier(x[j], p.DiagonalMultipliers[j], p.DiagonalShifts[j]) + q);
                LutS16.Apply(t, pre, p.TanhTable);
                // x_j is read before y_j is written, so the output may alias the state.
                y[j] = FixedPoint.SaturateToInt16((long)FixedPoint.MultiplyByQuantizedMultiplier(x[j], p.DecayMultipliers[j], p.DecayShifts[j])
                    + FixedPoint.MultiplyByQuantizedMultiplier(t[0], p.DriveMultipliers[j], p.DriveShifts[j]));
            }
        }
    }

    static void Check(int outputLength, int stateLength, int driveLength, int scratchLength, LiquidEulerS16Params p, int batch)
    {
        int h = p.Hidden, r = p.Rank;
        if (batch < 0 || h < 1 || r < 1 || r > h) throw new ArgumentOutOfRangeException(nameof(p), "batch must be non-negative, hidden positive and the rank in [1, hidden]");
        if (stateLength != batch * h || outputLength != batch * h || driveLength != batch) throw new ArgumentException($"expected state and output of {batch}x{h} and {batch} drives");
        if (scratchLength < r) throw new ArgumentException($"scratch must hold {r} values");
        if (p.ProjectionWeights.Length != r * h || p.ExpansionWeights.Length != h * r) throw new ArgumentException($"expected V^T {r}x{h} and U {h}x{r}");
        if (p.TanhTable.Length != LutS16.Length) throw new ArgumentException($"the tanh table must hold {LutS16.Length} knots");
        CheckShifts(p.ProjectionMultipliers, p.ProjectionShifts, r, FixedPoint.MaxWideShift);
        CheckShifts(p.ExpansionMultipliers, p.ExpansionShifts, h, FixedPoint.MaxWideShift);
        CheckShifts(p.DiagonalMultipliers, p.DiagonalShifts, h, FixedPoint.MaxShift);
        CheckShifts(p.DecayMultipliers, p.DecayShifts, h, FixedPoint.MaxShift);
        CheckShifts(p.DriveMultipliers, p.DriveShifts, h, FixedPoint.MaxShift);
    }

    static void CheckShifts(int[] multipliers, int[] shifts, int count, int maxShift)
    {
        if (multipliers.Length != count || shifts.Length != count) throw new ArgumentException($"expected {count} multipliers and shifts");
        foreach (int s in shifts)
            if (s < FixedPoint.MinShift || s > maxShift) throw new ArgumentOutOfRangeException(nameof(shifts), s, $"shifts must be in [-31, {maxShift}]");
    }
}
