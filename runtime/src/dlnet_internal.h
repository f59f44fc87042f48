/* Helpers shared by the runtime's source files; not part of the public interface. */
#ifndef DLNET_INTERNAL_H
#define DLNET_INTERNAL_H

#include <string.h>

#include "dlnet_runtime.h"

#if defined(__ARM_FEATURE_DSP) && !defined(DLNET_NO_DSP)
#include <arm_acle.h>
#define DLNET_USE_DSP 1
#endif

static inline int dlnet_valid_shift(int32_t shift)
{
    return shift >= DLNET_MIN_SHIFT && shift <= DLNET_MAX_SHIFT;
}

static inline int dlnet_valid_input_offset(int32_t offset)
{
    return offset >= -127 && offset <= 128;
}

static inline int dlnet_valid_s8_zero_point(int32_t zero_point)
{
    return zero_point >= -128 && zero_point <= 127;
}

/*
 * acc[k] = sum_i (x[i] + x_offset) w[k n + i] for the rows k < rows (1 or 2) of w. On a DSP core, two rows
 * share each input load, four bytes at a time: SXTAB16 sign-extends bytes 0 and 2 (and, after a shift by
 * 8, bytes 1 and 3) into halfwords while adding the offset, SXTB16 does the same for the weights, and SMLAD
 * adds both halfword products to an accumulator. Integer sums are order-free, so the bits match the scalar
 * loop.
 */
static inline void dlnet_dot_rows_s8(int32_t *acc, const int8_t *x, const int8_t *w, int32_t n, int32_t rows,
                                     int32_t x_offset)
{
    int32_t k;
    int32_t i = 0;
    acc[0] = 0;
    acc[1] = 0;
#ifdef DLNET_USE_DSP
    if (rows == 2) {
        const int32_t offset_pair = (int32_t)(((uint32_t)(uint16_t)x_offset << 16) | (uint32_t)(uint16_t)x_offset);
        const int8_t *w1 = w + n;
        int32_t acc0 = 0;
        int32_t acc1 = 0;
        for (; i + 4 <= n; i += 4) {
            uint32_t xw;
            uint32_t ww;
            int32_t x02;
            int32_t x13;
            memcpy(&xw, x + i, sizeof xw);
            x02 = __sxtab16(offset_pair, (int32_t)xw);
            x13 = __sxtab16(offset_pair, (int32_t)(xw >> 8));
            memcpy(&ww, w + i, sizeof ww);
            acc0 = __smlad(x02, __sxtb16((int32_t)ww), acc0);
            acc0 = __smlad(x13, __sxtb16((int32_t)(ww >> 8)), acc0);
            memcpy(&ww, w1 + i, sizeof ww);
            acc1 = __smlad(x02, __sxtb16((int32_t)ww), acc1);
            acc1 = __smlad(x13, __sxtb16((int32_t)(ww >> 8)), acc1);
        }
        acc[0] = acc0;
        acc[1] = acc1;
    } else {
        const int32_t offset_pair = (int32_t)(((uint32_t)(uint16_t)x_offset << 16) | (uint32_t)(uint16_t)x_offset);
        int32_t acc0 = 0;
        for (; i + 4 <= n; i += 4) {
            uint32_t xw;
            uint32_t ww;
            memcpy(&xw, x + i, sizeof xw);
            memcpy(&ww, w + i, sizeof ww);
            acc0 = __smlad(__sxtab16(offset_pair, (int32_t)xw), __sxtb16((int32_t)ww), acc0);
            acc0 = __smlad(__sxtab16(offset_pair, (int32_t)(xw >> 8)), __sxtb16((int32_t)(ww >> 8)), acc0);
        }
        acc[0] = acc0;
    }
#endif
    for (k = 0; k < rows; ++k) {
        const int8_t *wk = w + (int64_t)k * n;
        int32_t j;
        for (j = i; j < n; ++j) {
            acc[k] += ((int32_t)x[j] + x_offset) * (int32_t)wk[j];
        }
    }
}

/* Shared checks of the fully connected kernels. */
static inline int dlnet_fc_arguments_valid(const void *output, const int8_t *input, const int8_t *weights,
                                           int32_t batch, int32_t inputs, int32_t outputs, int32_t input_offset)
{
    return output != NULL && input != NULL && weights != NULL && batch >= 0 && inputs >= 0 && outputs >= 0 &&
           dlnet_valid_input_offset(input_offset);
}

static inline int dlnet_per_channel_valid(const int32_t *multipliers, const int32_t *shifts, int32_t outputs)
{
    int32_t o;
    if (multipliers == NULL || shifts == NULL) {
        return 0;
    }
    for (o = 0; o < outputs; ++o) {
        if (!dlnet_valid_shift(shifts[o])) {
            return 0;
        }
    }
    return 1;
}

#endif /* DLNET_INTERNAL_H */
