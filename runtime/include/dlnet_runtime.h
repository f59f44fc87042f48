/*
 * DLNet integer inference runtime: int8/int16 kernels for the quantised forecasters.
 *
 * Scheme (docs/int8-scheme.md): real = scale * (q - zero_point); weights int8 symmetric per output
 * channel; activations int8 asymmetric; biases int32 at scale input_scale * weight_scale; int32
 * accumulation; requantisation by a Q31 multiplier and a shift (a rounding doubling high multiply,
 * then a rounding right shift), saturation to the output type. Every kernel is bit-exact with the
 * C# reference in Dlnet.Quantization.
 *
 * C99, no dynamic memory, no floating point. Kernels check their arguments and return a status code;
 * the caller owns every buffer. Outputs must not overlap inputs unless a kernel says otherwise.
 */
#ifndef DLNET_RUNTIME_H
#define DLNET_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DLNET_OK = 0,
    DLNET_ERROR_ARGUMENT = -1 /* a null pointer, a negative size or a constant out of its range */
} dlnet_status;

/* ---- Fixed-point primitives (identical to Dlnet.Quantization.FixedPoint) ------------------------ */

/* a * b / 2^31 rounded to nearest, ties towards +infinity; a = b = INT32_MIN saturates to INT32_MAX. */
static inline int32_t dlnet_saturating_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    int64_t ab;
    int64_t nudge;
    if (a == b && a == INT32_MIN) {
        return INT32_MAX;
    }
    ab = (int64_t)a * (int64_t)b;
    nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
    return (int32_t)((ab + nudge) / ((int64_t)1 << 31)); /* C99 division truncates toward zero */
}

/* Arithmetic right shift without relying on implementation-defined >> of negative values. */
static inline int32_t dlnet_arithmetic_shift_right(int32_t x, int32_t exponent)
{
    return x >= 0 ? (x >> exponent) : ~(~x >> exponent);
}

/* x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31]. */
static inline int32_t dlnet_rounding_divide_by_power_of_two(int32_t x, int32_t exponent)
{
    const int32_t mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return dlnet_arithmetic_shift_right(x, exponent) + (remainder > threshold ? 1 : 0);
}

/* x * multiplier * 2^(shift - 31); shift in [-31, 30]; a positive shift is applied first, saturated. */
static inline int32_t dlnet_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left_shift = shift > 0 ? shift : 0;
    const int32_t right_shift = shift > 0 ? 0 : -shift;
    int64_t shifted = (int64_t)x * ((int64_t)1 << left_shift);
    if (shifted > INT32_MAX) {
        shifted = INT32_MAX;
    } else if (shifted < INT32_MIN) {
        shifted = INT32_MIN;
    }
    return dlnet_rounding_divide_by_power_of_two(
        dlnet_saturating_rounding_doubling_high_mul((int32_t)shifted, multiplier), right_shift);
}

/*
 * The 64-bit requantisation of the int16 x int16 kernels, one rounding: floor((x m + 2^(n-1)) / 2^n),
 * n = 31 - shift in [16, 62], saturated to int32; x is clamped to [-2^47, 2^47 - 1] first. Without a
 * 128-bit type: x = q 2^16 + r with 0 <= r < 2^16, so x m = (q m + floor(r m / 2^16)) 2^16 + (r m mod 2^16),
 * and the low 16 bits only matter when n = 16.
 */
static inline int32_t dlnet_multiply_by_quantized_multiplier_s64(int64_t x, int32_t multiplier, int32_t shift)
{
    const int64_t limit = (int64_t)1 << 47;
    const int32_t n = 31 - shift;
    int64_t q;
    int64_t low;
    int64_t high;
    int64_t result;
    if (x < -limit) {
        x = -limit;
    } else if (x > limit - 1) {
        x = limit - 1;
    }
    q = x >= 0 ? x / 65536 : -((-x + 65535) / 65536); /* floor(x / 2^16), |q| <= 2^31 */
    low = (x - q * 65536) * (int64_t)multiplier;     /* r m, |r m| < 2^47 */
    /* floor(low / 2^16) and low mod 2^16 without shifting negative values */
    high = q * (int64_t)multiplier + (low >= 0 ? low / 65536 : -((-low + 65535) / 65536));
    low -= (high - q * (int64_t)multiplier) * 65536;
    if (n == 16) {
        result = high + (low >= 32768 ? 1 : 0);
    } else {
        const int64_t biased = high + ((int64_t)1 << (n - 17));
        result = biased >= 0 ? (biased >> (n - 16)) : ~(~biased >> (n - 16)); /* floor, shifting only non-negatives */
    }
    return result > INT32_MAX ? INT32_MAX : (result < INT32_MIN ? INT32_MIN : (int32_t)result);
}

static inline int32_t dlnet_clamp_s64(int64_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : (x > hi ? hi : (int32_t)x);
}

/* floor(sqrt(m)) by the digit-by-digit method: exact, for any m below 2^62. */
static inline uint64_t dlnet_floor_sqrt_u64(uint64_t m)
{
    uint64_t root = 0;
    uint64_t bit = (uint64_t)1 << 62;
    while (bit > m) {
        bit >>= 2;
    }
    while (bit != 0) {
        if (m >= root + bit) {
            m -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    return root;
}

/*
 * 1/sqrt(d) for d in [1, 2^62 - 1] as *multiplier * 2^(*shift - 31), multiplier in [2^30, 2^31) (identical to
 * Dlnet.Quantization.InverseSquareRoot): m = d 4^j in [2^60, 2^62), s = floor(sqrt(m)), round(2^61 / s) 2^(j - 61).
 */
static inline void dlnet_inverse_sqrt_s64(int64_t d, int32_t *multiplier, int32_t *shift)
{
    uint64_t m = (uint64_t)d;
    uint64_t s;
    uint64_t q;
    int32_t j = 0;
    while (m < ((uint64_t)1 << 60)) {
        m <<= 2;
        ++j;
    }
    s = dlnet_floor_sqrt_u64(m);
    q = (((uint64_t)1 << 61) + s / 2u) / s;
    *shift = j - 30;
    if (q == ((uint64_t)1 << 31)) {
        q >>= 1;
        ++*shift;
    }
    *multiplier = (int32_t)q;
}

/* ---- Kernels ----------------------------------------------------------------------------------- */

/* Limits shared by the argument checks. */
#define DLNET_MIN_SHIFT (-31)
#define DLNET_MAX_SHIFT 30
#define DLNET_MAX_WIDE_SHIFT 15
#define DLNET_LUT_S8_LENGTH 256
#define DLNET_LUT_S16_LENGTH 513

/* Constants of a fully connected layer (see Dlnet.Quantization.FullyConnectedParams). */
typedef struct {
    int32_t input_offset;   /* minus the input zero point: [-127, 128] for int8 inputs, [-32767, 32768] for int16 */
    int32_t output_offset;  /* output zero point */
    int32_t activation_min; /* output clamp, within the output type */
    int32_t activation_max;
} dlnet_fc_params;

/*
 * y[b][o] = clamp(MBQM(sum_i (x[b][i] + input_offset) w[o][i] + bias[o], multipliers[o], shifts[o]) + output_offset)
 * input [batch][inputs] int8, weights [outputs][inputs] int8 in [-127, 127], bias [outputs] int32 or NULL,
 * multipliers/shifts [outputs] (shifts in [-31, 30]), output [batch][outputs].
 * The int32 accumulator must not overflow: inputs * 32385 + |bias| < 2^31.
 * Built for a core with __ARM_FEATURE_DSP, the dot products use SMLAD on pairs (same bits).
 */
dlnet_status dlnet_fully_connected_s8(int8_t *output, const int8_t *input, const int8_t *weights, const int32_t *bias,
                                      const int32_t *multipliers, const int32_t *shifts, const dlnet_fc_params *params,
                                      int32_t batch, int32_t inputs, int32_t outputs);

/* As dlnet_fully_connected_s8 with int16 outputs (clamp within [-32768, 32767]). */
dlnet_status dlnet_fully_connected_s8_s16(int16_t *output, const int8_t *input, const int8_t *weights, const int32_t *bias,
                                          const int32_t *multipliers, const int32_t *shifts, const dlnet_fc_params *params,
                                          int32_t batch, int32_t inputs, int32_t outputs);

/* The raw int32 accumulators including the bias (no requantisation). */
dlnet_status dlnet_fully_connected_s8_s32(int32_t *output, const int8_t *input, const int8_t *weights, const int32_t *bias,
                                          int32_t input_offset, int32_t batch, int32_t inputs, int32_t outputs);

/*
 * int16 x int16 fully connected layer with 64-bit accumulation, for the paths that need more than 8 bits
 * (an extrapolation whose coefficients need 16 bits, a state fed back at full resolution):
 * y[b][o] = clamp(MBQM64(sum_i (x[b][i] + input_offset) w[o][i] + bias[o], multipliers[o], shifts[o]) + output_offset)
 * input [batch][inputs] int16, input_offset in [-32767, 32768], weights [outputs][inputs] int16 in [-32767, 32767],
 * bias [outputs] int64 in [-2^47, 2^47] or NULL, shifts in [-31, 15], output int16. |accumulator| < 2^47 for inputs below 2^16.
 */
dlnet_status dlnet_fully_connected_s16(int16_t *output, const int16_t *input, const int16_t *weights, const int64_t *bias,
                                       const int32_t *multipliers, const int32_t *shifts, const dlnet_fc_params *params,
                                       int32_t batch, int32_t inputs, int32_t outputs);

/* Constants of an element-wise add (see Dlnet.Quantization.AddS8Params). */
typedef struct {
    int32_t input1_offset, input1_multiplier, input1_shift; /* offsets in [-127, 128] */
    int32_t input2_offset, input2_multiplier, input2_shift;
    int32_t left_shift;                                     /* [0, 22], normally 20 */
    int32_t output_offset, output_multiplier, output_shift; /* output zero point in [-128, 127] */
    int32_t activation_min, activation_max;                 /* within [-128, 127] */
} dlnet_add_s8_params;

/* y = clamp(MBQM(sat32(MBQM((a + o1) 2^L, m1, s1) + MBQM((b + o2) 2^L, m2, s2)), mo, so) + zo); output may alias an input. */
dlnet_status dlnet_add_s8(int8_t *output, const int8_t *input1, const int8_t *input2, int32_t size,
                          const dlnet_add_s8_params *params);

/* Constants of an element-wise product (see Dlnet.Quantization.MulS8Params). */
typedef struct {
    int32_t input1_offset, input2_offset; /* [-127, 128] */
    int32_t output_offset;                /* [-128, 127] */
    int32_t output_multiplier, output_shift;
    int32_t activation_min, activation_max;
} dlnet_mul_s8_params;

/* y = clamp(MBQM((a + o1)(b + o2), m, s) + zo); output may alias an input. */
dlnet_status dlnet_mul_s8(int8_t *output, const int8_t *input1, const int8_t *input2, int32_t size,
                          const dlnet_mul_s8_params *params);

/* y[i] = table[x[i] + 128], table of 256 entries; output may alias the input. */
dlnet_status dlnet_lut_s8(int8_t *output, const int8_t *input, int32_t size, const int8_t *table);

/* y = t[k] + round((t[k+1] - t[k]) f / 128) with x + 32768 = 128 k + f, table of 513 knots; output may alias the input. */
dlnet_status dlnet_lut_s16(int16_t *output, const int16_t *input, int32_t size, const int16_t *table);

/* y = clamp(MBQM(x, multiplier, shift) + output_offset), int32 -> int8; output may not alias. */
dlnet_status dlnet_requantize_s32(int8_t *output, const int32_t *input, int32_t size, int32_t multiplier, int32_t shift,
                                  int32_t output_offset, int32_t activation_min, int32_t activation_max);

/* As dlnet_requantize_s32, int32 -> int16. */
dlnet_status dlnet_requantize_s32_s16(int16_t *output, const int32_t *input, int32_t size, int32_t multiplier, int32_t shift,
                                      int32_t output_offset, int32_t activation_min, int32_t activation_max);

/* As dlnet_requantize_s32, int16 -> int8 (an int8 copy of an int16 state). */
dlnet_status dlnet_requantize_s16(int8_t *output, const int16_t *input, int32_t size, int32_t multiplier, int32_t shift,
                                  int32_t output_offset, int32_t activation_min, int32_t activation_max);

/*
 * y[i] = sat16(MBQM(a[i], ma[c], sa[c]) + MBQM(b[i], mb[c], sb[c])), c = i mod channels, signed multipliers:
 * the Euler update x1 = (1 - dt alpha) x0 + dt beta tanh(.). size a multiple of channels; output may alias a or b.
 */
dlnet_status dlnet_scaled_add_s16(int16_t *output, const int16_t *a, const int16_t *b, int32_t size,
                                  const int32_t *multipliers_a, const int32_t *shifts_a,
                                  const int32_t *multipliers_b, const int32_t *shifts_b, int32_t channels);

/* Constants of the forecast head (see Dlnet.Quantization.ForecastParams). */
typedef struct {
    int32_t inputs;               /* int8 activations in */
    int32_t input_offset;         /* minus their zero point, [-127, 128] */
    int32_t size;                 /* horizon steps out */
    const int8_t *weights;        /* [size][inputs] int8, each row at a power-of-two scale */
    const int32_t *bias;          /* [size] at each row's accumulator scale, or NULL */
    const int32_t *row_shifts;    /* [size] in [0, 31]: aligns row f's sum to units of 2^-32 output codes */
    int32_t anchor_count;         /* anchors of the base, [0, 16] */
    const int32_t *interpolation; /* [size][anchor_count] weights of the base in 2^-32 output codes per anchor code */
} dlnet_forecast_params;

/*
 * The output layer and the output form in one pass, in units of 2^-32 output codes with 64-bit sums, one rounding:
 * y[f] = sat16(offset + floor(((sum_j (x[j] + input_offset) w[f][j] + bias[f]) 2^row_shifts[f]
 *                              + sum_i anchors[i] interpolation[f][i] + 2^31) / 2^32))
 * a dense layer's correction plus a base interpolated from anchor values (the quadratic of the residual form),
 * plus offset (x_last, say). The int32 dot products follow dlnet_fully_connected_s8 (DSP path included):
 * inputs * 32385 + |bias| < 2^31. output must not overlap the inputs.
 */
dlnet_status dlnet_forecast_s8_s16(int16_t *output, const int8_t *activations, const int16_t *anchors, int32_t offset,
                                   const dlnet_forecast_params *params);

/* Constants of an integer layer norm (see Dlnet.Quantization.LayerNormS16Params). */
typedef struct {
    int32_t size;                   /* features n, [1, 4096] */
    const int32_t *gain_multipliers; /* [n] signed Q31 significands of 256 gamma sqrt(n) / s_y, in [-(2^31 - 1), 2^31 - 1] */
    int32_t gain_shift;             /* their one exponent, [-31, 30] */
    const int32_t *bias;            /* [n] round(256 (beta / s_y + output zero point)) */
    int64_t variance_offset;        /* round(n eps / s_z^2), [1, 2^48] */
    int32_t activation_min;         /* output clamp, within the output type */
    int32_t activation_max;
} dlnet_layer_norm_params;

/*
 * Layer norm of int16 rows (symmetric, scale s_z) [batch][n]: in units of 2^-6 codes, M = round(64 mean), c = 64 x - M,
 * D = sum c^2 + 4096 variance_offset (64 bits), 1/sqrt(D) = r 2^(s - 31) by dlnet_inverse_sqrt_s64, then per feature
 * k = floor((m_i r + 2^30) / 2^31), t = floor((c k + 2^(n-1)) / 2^n) with n = 31 - gain_shift - s,
 * y = clamp(floor((t + bias_i + 128) / 256)). int8 output; must not alias the input.
 */
dlnet_status dlnet_layer_norm_s16_s8(int8_t *output, const int16_t *input, int32_t batch, const dlnet_layer_norm_params *params);

/* As dlnet_layer_norm_s16_s8 with int16 outputs (a Q3.12 pre-activation for the int16 tanh, say). */
dlnet_status dlnet_layer_norm_s16(int16_t *output, const int16_t *input, int32_t batch, const dlnet_layer_norm_params *params);

/* Constants of one Euler step of the liquid block (see Dlnet.Quantization.LiquidEulerS16Params). */
typedef struct {
    int32_t hidden;                       /* units h */
    int32_t rank;                         /* r in [1, h] */
    const int16_t *projection_weights;    /* V^T [r][h] */
    const int32_t *projection_multipliers, *projection_shifts; /* [r], shifts in [-31, 15] */
    const int16_t *expansion_weights;     /* U [h][r] with the scales of V^T x and 1/r folded in */
    const int32_t *expansion_multipliers, *expansion_shifts;   /* [h] to Q3.12, shifts in [-31, 15] */
    const int32_t *diagonal_multipliers, *diagonal_shifts;     /* [h] w_diag s_x / 2^-12, signed */
    const int16_t *tanh_table;            /* 513 knots, Q3.12 -> Q0.15 */
    const int32_t *decay_multipliers, *decay_shifts;           /* [h] (1 - dt alpha) s_x / s_x', signed */
    const int32_t *drive_multipliers, *drive_shifts;           /* [h] dt beta 2^-15 / s_x', signed */
} dlnet_liquid_euler_params;

/*
 * One explicit Euler step x' = x + dt (-alpha x + beta tanh(w_diag x + U V^T x / r + u)) of int16 states
 * [batch][h], drive u [batch] in Q3.12, scratch of r int16 values. The output may alias the state.
 */
dlnet_status dlnet_liquid_euler_s16(int16_t *output, const int16_t *state, const int16_t *drive, int32_t batch,
                                    const dlnet_liquid_euler_params *params, int16_t *scratch);

#ifdef __cplusplus
}
#endif

#endif /* DLNET_RUNTIME_H */
