/*
 * DLNet integer inference runtime: int8/int16 kernels for the quantised forecasters.
 *
 * Scheme (docs/int8-scheme.md): real = scale * (q - zero_point); weights symmetric per output channel;
 * int8 activations asymmetric; int32 or int64 accumulation; requantisation by a Q31 multiplier and a shift,
 * saturation to the output type. Every kernel is bit-exact with its C# twin in Dlnet.Int8, named
 * after its file (dlnet_lut_s16.c <-> LutS16).
 *
 * Calling convention (runtime/README.md): the constants first, as one params struct (dlnet_types.h), then the
 * input tensors, then how many rows (batch) or values (size) the call covers, then scratch if any, and the
 * output last, as CMSIS-NN orders them. Every kernel checks its arguments and returns DLNET_OK, or
 * DLNET_ERROR_ARGUMENT before writing anything. C99, no dynamic memory, no floating point; the caller owns
 * every buffer. Outputs must not overlap inputs unless a kernel says otherwise.
 */
#ifndef DLNET_RUNTIME_H
#define DLNET_RUNTIME_H

#include <stdint.h>

#include "dlnet_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * y[b][o] = clamp(MBQM(sum_i (x[b][i] + input_offset) w[o][i] + bias[o], multipliers[o], shifts[o]) + output_offset),
 * int8 input [batch][inputs], int16 output [batch][outputs]. The int32 accumulator must not overflow:
 * inputs * 32385 + |bias| < 2^31. Built for a core with __ARM_FEATURE_DSP, the dot products use SMLAD (same bits).
 */
dlnet_status dlnet_fully_connected_s8_s16(const dlnet_fully_connected_s8_params *params, const int8_t *input, int32_t batch,
                                          int16_t *output);

/*
 * int16 x int16 fully connected layer with 64-bit accumulation, for the paths that need more than 8 bits (the SOH
 * window, a quadratic's coefficients): as above with MBQM64, one rounding. |accumulator| < 2^47 for inputs below 2^16.
 */
dlnet_status dlnet_fully_connected_s16(const dlnet_fully_connected_s16_params *params, const int16_t *input, int32_t batch,
                                       int16_t *output);

/*
 * int16 x int8 fully connected layer with 64-bit accumulation (the SOH window's first layer: 16-bit codes, 8-bit
 * weights): as above without an input offset. The DSP path sign-extends four weights into two pairs (SXTB16) and
 * pairs the inputs to match (PKHBT, PKHTB), two rows sharing each input load.
 */
dlnet_status dlnet_fully_connected_s16_w8(const dlnet_fully_connected_s16_w8_params *params, const int16_t *input, int32_t batch,
                                          int16_t *output);

/*
 * Layer norm of int16 rows (symmetric, scale s_z) [batch][n]: in units of 2^-6 codes, M = round(64 mean), c = 64 x - M,
 * D = sum c^2 + 4096 variance_offset (64 bits), 1/sqrt(D) = r 2^(s - 31) exactly rounded, then per feature
 * k = floor((m_i r + 2^30) / 2^31), t = floor((c k + 2^(n-1)) / 2^n) with n = 31 - gain_shift - s,
 * y = clamp(floor((t + bias_i + 128) / 256)). int8 output; must not alias the input.
 */
dlnet_status dlnet_layer_norm_s16_s8(const dlnet_layer_norm_params *params, const int16_t *input, int32_t batch,
                                     int8_t *output);

/* As dlnet_layer_norm_s16_s8 with int16 outputs (a Q3.12 pre-activation for the int16 tanh, say). */
dlnet_status dlnet_layer_norm_s16(const dlnet_layer_norm_params *params, const int16_t *input, int32_t batch,
                                  int16_t *output);

/*
 * Running median of int16 values [size]: y[i] = median of x[s .. s + width - 1], s = clamp(i - width / 2, 0, size - width),
 * the window slid inward at the ends so that a spike in the last value is removed too. The output must not overlap the input.
 */
dlnet_status dlnet_median_filter_s16(const dlnet_median_filter_params *params, const int16_t *input, int32_t size,
                                     int16_t *output);

/* dlnet_median_filter_s16 over 5 values, the width the encodings choose: the same output, in about a third of the
   cycles (two windows a word on a DSP core), and on its own, so that a model calling it links no other width's code. */
dlnet_status dlnet_median5_filter_s16(const int16_t *input, int32_t size, int16_t *output);

/* An odd function from its table: y = t[k] + round((t[k+1] - t[k]) f / 128) with |x| = 128 k + f (|-32768| read as
   32767), negated for x < 0; output may alias the input. */
dlnet_status dlnet_lut_s16(const dlnet_lut_params *params, const int16_t *input, int32_t size, int16_t *output);

/* y = clamp(MBQM(x, multiplier, shift) + output_offset), int16 -> int8 (an int8 copy of an int16 state). */
dlnet_status dlnet_requantize_s16(const dlnet_requantize_params *params, const int16_t *input, int32_t size,
                                  int8_t *output);

/*
 * y[i] = sat16(MBQM(a[i], ma[c], sa[c]) + MBQM(b[i], mb[c], sb[c])), c = i mod channels, signed multipliers:
 * the Euler update x1 = (1 - dt alpha) x0 + dt beta tanh(.). size a multiple of channels; output may alias a or b.
 */
dlnet_status dlnet_scaled_add_s16(const dlnet_scaled_add_params *params, const int16_t *a, const int16_t *b, int32_t size,
                                  int16_t *output);

/*
 * One explicit Euler step x' = x + dt (-alpha x + beta tanh(w_diag x + U V^T x / r + u)) of int16 states
 * [batch][h], drive u [batch] in Q3.12, scratch of r int16 values. The output may alias the state.
 */
dlnet_status dlnet_liquid_euler_s16(const dlnet_liquid_euler_params *params, const int16_t *state, const int16_t *drive,
                                    int32_t batch, int16_t *scratch, int16_t *output);

/*
 * The output layer and the output form in one pass, in units of 2^-32 output codes with 64-bit sums, one rounding:
 * y[f] = sat16(offset + floor(((sum_j (x[j] + input_offset) w[f][j] + bias[f]) 2^row_shifts[f]
 *                              + sum_i anchors[i] interpolation[f][i] + 2^31) / 2^32))
 * a dense layer's correction plus a base interpolated from anchor values (the quadratic of the residual form),
 * plus offset (x_last, say). The int32 dot products follow dlnet_fully_connected_s8_s16 (DSP path included):
 * inputs * 32385 + |bias| < 2^31. anchors may be NULL when anchor_count is 0. output must not overlap the inputs.
 */
dlnet_status dlnet_forecast_s8_s16(const dlnet_forecast_params *params, const int8_t *activations, const int16_t *anchors,
                                   int32_t offset, int16_t *output);

#ifdef __cplusplus
}
#endif

#endif /* DLNET_RUNTIME_H */
