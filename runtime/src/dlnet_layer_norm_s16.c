#include "dlnet_internal.h"

static int dlnet_layer_norm_params_valid(const dlnet_layer_norm_params *p, int32_t lo, int32_t hi)
{
    int32_t i;
    if (p == NULL || p->gain_multipliers == NULL || p->bias == NULL || p->size < 1 || p->size > 4096 ||
        p->gain_shift < DLNET_MIN_SHIFT || p->gain_shift > DLNET_MAX_SHIFT || p->variance_offset < 1 ||
        p->variance_offset > ((int64_t)1 << 48) || !dlnet_valid_clamp(p->activation_min, p->activation_max, lo, hi)) {
        return 0;
    }
    for (i = 0; i < p->size; ++i) {
        if (p->gain_multipliers[i] == INT32_MIN) {
            return 0;
        }
    }
    return 1;
}

/*
 * M = round(2^6 mean) of one row (half up: floor((64 sum + floor(n / 2)) / n)), and 1/sqrt(D) as a multiplier and
 * shift with D = sum (64 x - M)^2 + 4096 variance_offset < 2^61 for n <= 4096. One pass gives sum x and sum x^2 (two
 * values per SMLAD and SMLALD on a DSP core), and sum (64 x - M)^2 = 4096 sum x^2 - 128 M sum x + n M^2 exactly: with
 * |x| <= 2^15 and |M| <= 2^21 every term is below 2^56.
 */
static int32_t dlnet_layer_norm_statistics(const int16_t *x, int32_t n, int64_t variance_offset, int32_t *multiplier,
                                           int32_t *shift)
{
    int32_t sum = 0;     /* |sum| <= 4096 * 32768 */
    int64_t squares = 0; /* sum x^2 <= 2^42 */
    int32_t quotient;
    int32_t remainder;
    int32_t mean;
    int32_t i = 0;
#ifdef DLNET_USE_DSP
    for (; i + 2 <= n; i += 2) {
        int32_t pair;
        memcpy(&pair, x + i, sizeof pair);
        sum = __smlad(pair, 0x00010001, sum);
        squares = __smlald(pair, pair, squares);
    }
#endif
    for (; i < n; ++i) {
        sum += x[i];
        squares += (int32_t)x[i] * x[i];
    }
    /* floor((64 sum + floor(n / 2)) / n) in 32-bit divisions: sum = q n + r, 0 <= r < n, then 64 q + floor((64 r + n / 2) / n) */
    quotient = sum / n;
    remainder = sum - quotient * n;
    if (remainder < 0) {
        --quotient; /* C's division truncates; this is floor */
        remainder += n;
    }
    mean = 64 * quotient + (64 * remainder + n / 2) / n;
    squares = squares * 4096 - (int64_t)mean * sum * 128 + (int64_t)n * mean * mean;
    dlnet_inverse_sqrt_s64(squares + variance_offset * 4096, multiplier, shift);
    return mean;
}

/*
 * Normalises batch rows of params->size values, arguments already checked, into output_s8 or output_s16 (the other
 * NULL): one definition of the arithmetic for both kernels. The rounding shift of c k is the same for a whole row,
 * and one formula covers its whole range: shift 0 adds nothing (half = 0), and beyond 54 floor((c k + 2^(shift-1)) /
 * 2^shift) is 0 as the twin has it (|c k| < 2^53), so the shift is capped at 62 without a branch per feature.
 */
static void dlnet_layer_norm_rows(const dlnet_layer_norm_params *params, const int16_t *input, int32_t batch,
                                  int8_t *output_s8, int16_t *output_s16)
{
    const int32_t n = params->size;
    const int32_t *gains = params->gain_multipliers;
    const int32_t *bias = params->bias;
    const int32_t lo = params->activation_min;
    const int32_t hi = params->activation_max;
    int32_t b;
    int32_t i;
    for (b = 0; b < batch; ++b) {
        const int16_t *x = input + (int64_t)b * n;
        int32_t r;
        int32_t s;
        const int32_t mean = dlnet_layer_norm_statistics(x, n, params->variance_offset, &r, &s);
        const int32_t row_shift = 31 - (params->gain_shift + s); /* [0, 92], the same for the whole row */
        const int32_t shift = row_shift < 62 ? row_shift : 62;
        const int64_t half = shift >= 1 ? (int64_t)1 << (shift - 1) : 0;
        for (i = 0; i < n; ++i) {
            /* |m r| < 2^62, so k = floor((m r + 2^30) / 2^31) fits 32 bits: the high word doubled plus the low word's top bit */
            const uint64_t mr = (uint64_t)((int64_t)gains[i] * r + ((int64_t)1 << 30));
            const int32_t k = (int32_t)(((uint32_t)(mr >> 32) << 1) | ((uint32_t)mr >> 31));
            /* |c| <= 2^22, so |c k| < 2^53 */
            const int64_t t = dlnet_floor_shift_s64((int64_t)((int32_t)x[i] * 64 - mean) * k + half, shift);
            const int32_t y = dlnet_clamp_s64(dlnet_floor_shift_s64(t + bias[i] + 128, 8), lo, hi);
            if (output_s8 != NULL) {
                output_s8[(int64_t)b * n + i] = (int8_t)y;
            } else {
                output_s16[(int64_t)b * n + i] = (int16_t)y;
            }
        }
    }
}

dlnet_status dlnet_layer_norm_s16_s8(const dlnet_layer_norm_params *params, const int16_t *input, int32_t batch,
                                     int8_t *output)
{
    if (output == NULL || input == NULL || batch < 0 || !dlnet_layer_norm_params_valid(params, -128, 127)) {
        return DLNET_ERROR_ARGUMENT;
    }
    dlnet_layer_norm_rows(params, input, batch, output, NULL);
    return DLNET_OK;
}

dlnet_status dlnet_layer_norm_s16(const dlnet_layer_norm_params *params, const int16_t *input, int32_t batch,
                                  int16_t *output)
{
    if (output == NULL || input == NULL || batch < 0 || !dlnet_layer_norm_params_valid(params, -32768, 32767)) {
        return DLNET_ERROR_ARGUMENT;
    }
    dlnet_layer_norm_rows(params, input, batch, NULL, output);
    return DLNET_OK;
}
