/* The statistics and per-feature arithmetic shared by the two layer norm kernels; not part of the public interface. */
#ifndef DLNET_LAYER_NORM_H
#define DLNET_LAYER_NORM_H

#include "dlnet_internal.h"

static inline int dlnet_layer_norm_params_valid(const dlnet_layer_norm_params *p, int32_t lo, int32_t hi)
{
    int32_t i;
    if (p == NULL || p->gain_multipliers == NULL || p->gain_shifts == NULL || p->bias == NULL || p->size < 1 ||
        p->size > 65535 || p->variance_offset < 1 || p->variance_offset > ((int64_t)1 << 48) ||
        p->activation_min < lo || p->activation_max > hi || p->activation_min > p->activation_max) {
        return 0;
    }
    for (i = 0; i < p->size; ++i) {
        if (!dlnet_valid_shift(p->gain_shifts[i])) {
            return 0;
        }
    }
    return 1;
}

/* The rounded mean of one row and 1/sqrt(sum (x - mean)^2 + variance_offset) as a multiplier and shift. */
static inline int32_t dlnet_layer_norm_statistics(const int16_t *x, int32_t n, int64_t variance_offset,
                                                  int32_t *multiplier, int32_t *shift)
{
    int64_t sum = 0;
    int64_t squares = 0;
    int64_t twice;
    int64_t mean;
    int32_t i;
    for (i = 0; i < n; ++i) {
        sum += x[i];
    }
    /* floor((2 sum + n) / 2n): the mean rounded half up, with C's truncating division corrected for negatives */
    twice = 2 * sum + n;
    mean = twice / (2 * (int64_t)n);
    if (twice % (2 * (int64_t)n) != 0 && twice < 0) {
        --mean;
    }
    for (i = 0; i < n; ++i) {
        const int64_t c = (int64_t)x[i] - mean;
        squares += c * c;
    }
    dlnet_inverse_sqrt_s64(squares + variance_offset, multiplier, shift);
    return (int32_t)mean;
}

/* floor((round(c G_i / sqrt(D)) + bias_i + 128) / 256), clamped; |c| <= 65535 so |c m| < 2^47. */
static inline int32_t dlnet_layer_norm_feature(int32_t centred, int32_t inverse_root_multiplier, int32_t inverse_root_shift,
                                               const dlnet_layer_norm_params *p, int32_t i)
{
    const int32_t m = dlnet_saturating_rounding_doubling_high_mul(p->gain_multipliers[i], inverse_root_multiplier);
    const int32_t n = 31 - (p->gain_shifts[i] + inverse_root_shift); /* [0, 92] */
    const int64_t product = (int64_t)centred * m;
    int64_t t;
    int64_t y;
    if (n == 0) {
        t = product;
    } else if (n > 48) {
        t = 0;
    } else {
        const int64_t biased = product + ((int64_t)1 << (n - 1));
        t = biased >= 0 ? (biased >> n) : ~(~biased >> n); /* floor, shifting only non-negative values */
    }
    y = t + p->bias[i] + 128;
    y = y >= 0 ? (y >> 8) : ~(~y >> 8);
    return dlnet_clamp_s64(y, p->activation_min, p->activation_max);
}

#endif /* DLNET_LAYER_NORM_H */
