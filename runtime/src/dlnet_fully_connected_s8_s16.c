#include "dlnet_internal.h"

#ifdef DLNET_USE_DSP
/* Inputs from which the two-row loop pays for its call (measured under QEMU: below, the inlined loop is shorter). */
#define DLNET_DOT2_S8_MIN_INPUTS 16

/* Two rows' sums over words 4-byte words, sharing each input load; its own function so that the loop keeps its registers. */
DLNET_INNER_LOOP static void dlnet_dot2_s8(int32_t *acc, const int8_t *x, const int8_t *w0, const int8_t *w1, int32_t words,
                                           int32_t x_offset)
{
    const int32_t offset_pair = (int32_t)(((uint32_t)(uint16_t)x_offset << 16) | (uint32_t)(uint16_t)x_offset);
    const int8_t *end = x + 4 * words;
    int32_t acc0 = 0;
    int32_t acc1 = 0;
    while (x < end) {
        uint32_t xw;
        uint32_t ww;
        int32_t x02;
        int32_t x13;
        memcpy(&xw, x, sizeof xw);
        x02 = __sxtab16(offset_pair, (int32_t)xw);
        x13 = dlnet_sxtab16_ror8(offset_pair, xw);
        memcpy(&ww, w0, sizeof ww);
        acc0 = __smlad(x02, __sxtb16((int32_t)ww), acc0);
        acc0 = __smlad(x13, dlnet_sxtb16_ror8(ww), acc0);
        memcpy(&ww, w1, sizeof ww);
        acc1 = __smlad(x02, __sxtb16((int32_t)ww), acc1);
        acc1 = __smlad(x13, dlnet_sxtb16_ror8(ww), acc1);
        x += 4;
        w0 += 4;
        w1 += 4;
    }
    acc[0] = acc0;
    acc[1] = acc1;
}
#endif

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
    if (rows == 2 && n >= DLNET_DOT2_S8_MIN_INPUTS) {
        dlnet_dot2_s8(acc, x, w, w + n, n / 4, x_offset);
        i = n & ~3;
    } else if (rows == 2) {
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
            x13 = dlnet_sxtab16_ror8(offset_pair, xw);
            memcpy(&ww, w + i, sizeof ww);
            acc0 = __smlad(x02, __sxtb16((int32_t)ww), acc0);
            acc0 = __smlad(x13, dlnet_sxtb16_ror8(ww), acc0);
            memcpy(&ww, w1 + i, sizeof ww);
            acc1 = __smlad(x02, __sxtb16((int32_t)ww), acc1);
            acc1 = __smlad(x13, dlnet_sxtb16_ror8(ww), acc1);
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
            acc0 = __smlad(dlnet_sxtab16_ror8(offset_pair, xw), dlnet_sxtb16_ror8(ww), acc0);
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

dlnet_status dlnet_fully_connected_s8_s16(const dlnet_fully_connected_s8_params *params, const int8_t *input, int32_t batch,
                                          int16_t *output)
{
    int32_t b;
    int32_t o;
    int32_t inputs;
    int32_t outputs;
    if (params == NULL || input == NULL || output == NULL || batch < 0 || params->weights == NULL || params->inputs < 0 ||
        params->outputs < 0 || !dlnet_valid_input_offset(params->input_offset) ||
        !dlnet_valid_channels(params->multipliers, params->shifts, params->outputs, DLNET_MAX_SHIFT) ||
        !dlnet_valid_clamp(params->activation_min, params->activation_max, -32768, 32767)) {
        return DLNET_ERROR_ARGUMENT;
    }
    inputs = params->inputs;
    outputs = params->outputs;
    for (b = 0; b < batch; ++b) {
        const int8_t *x = input + (int64_t)b * inputs;
        int16_t *y = output + (int64_t)b * outputs;
        for (o = 0; o < outputs; o += 2) {
            int32_t acc[2];
            const int32_t rows = outputs - o >= 2 ? 2 : 1;
            int32_t k;
            dlnet_dot_rows_s8(acc, x, params->weights + (int64_t)o * inputs, inputs, rows, params->input_offset);
            for (k = 0; k < rows; ++k) {
                int32_t sum = params->bias != NULL ? acc[k] + params->bias[o + k] : acc[k];
                sum = dlnet_multiply_by_quantized_multiplier(sum, params->multipliers[o + k], params->shifts[o + k]);
                y[o + k] = (int16_t)dlnet_add_clamp(sum, params->output_offset, params->activation_min,
                                                    params->activation_max);
            }
        }
    }
    return DLNET_OK;
}
