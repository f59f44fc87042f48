#include "dlnet_internal.h"

#ifdef DLNET_USE_DSP
/* One word (two inputs) of x and of each row's weights, two products per SMLALD for each row; the pointers step on. */
#define DLNET_DOT2_S16_WORD()                                                                                          \
    do {                                                                                                               \
        memcpy(&xw, x, sizeof xw);                                                                                     \
        memcpy(&ww0, w0, sizeof ww0);                                                                                  \
        memcpy(&ww1, w1, sizeof ww1);                                                                                  \
        x += 2;                                                                                                        \
        w0 += 2;                                                                                                       \
        w1 += 2;                                                                                                       \
        acc0 = __smlald((int32_t)xw, (int32_t)ww0, acc0);                                                              \
        acc1 = __smlald((int32_t)xw, (int32_t)ww1, acc1);                                                              \
    } while (0)

/*
 * sum x w over 4 words (8 inputs) per iteration for two rows sharing each input load, then the words left one at a
 * time. The accumulators are this function's own locals so that they stay in registers (four of them, 64 bits each).
 */
DLNET_INNER_LOOP static void dlnet_dot2_s16(const int16_t *x, const int16_t *w0, const int16_t *w1, int32_t pairs, int64_t *dot0, int64_t *dot1)
{
    int64_t acc0 = 0;
    int64_t acc1 = 0;
    const int16_t *end = x + 2 * (pairs & ~3);
    const int16_t *last = x + 2 * pairs;
    uint32_t xw;
    uint32_t ww0;
    uint32_t ww1;
    while (x < end) {
        DLNET_DOT2_S16_WORD();
        DLNET_DOT2_S16_WORD();
        DLNET_DOT2_S16_WORD();
        DLNET_DOT2_S16_WORD();
    }
    while (x < last) {
        DLNET_DOT2_S16_WORD();
    }
    *dot0 = acc0;
    *dot1 = acc1;
}
#endif

dlnet_status dlnet_fully_connected_s16(const dlnet_fully_connected_s16_params *params, const int16_t *input, int32_t batch,
                                       int16_t *output)
{
    int32_t b;
    int32_t o;
    int32_t i;
    int32_t inputs;
    int32_t outputs;
    const int64_t *bias;
    if (params == NULL || input == NULL || output == NULL || batch < 0 || params->input_offset < -32767 ||
        params->input_offset > 32768 ||
        !dlnet_valid_wide_layer(params->weights, params->inputs, params->outputs, params->bias, params->multipliers, params->shifts,
                                params->activation_min, params->activation_max)) {
        return DLNET_ERROR_ARGUMENT;
    }
    inputs = params->inputs;
    outputs = params->outputs;
    bias = params->bias;
    for (b = 0; b < batch; ++b) {
        const int16_t *x = input + (int64_t)b * inputs;
        int16_t *y = output + (int64_t)b * outputs;
        for (o = 0; o < outputs; o += 2) {
            const int32_t rows = outputs - o >= 2 ? 2 : 1;
            const int16_t *w0 = params->weights + (int64_t)o * inputs;
            const int16_t *w1 = rows == 2 ? w0 + inputs : w0;
            int64_t acc[2];
            int32_t k;
            acc[0] = 0;
            acc[1] = 0;
            i = 0;
#ifdef DLNET_USE_DSP
            /*
             * Two products per SMLALD, two rows sharing each input load (the second row repeats the first when there
             * is only one, and is dropped). Generated code always passes offset 0 (the window's origin goes into the
             * bias); another offset takes the portable loop, since x + offset may not fit 16 bits.
             */
            if (params->input_offset == 0) {
                dlnet_dot2_s16(x, w0, w1, inputs / 2, &acc[0], &acc[1]);
                i = inputs & ~1;
            }
#endif
            for (k = 0; k < rows; ++k) {
                const int16_t *w = k == 0 ? w0 : w1;
                int32_t j;
                int64_t sum = acc[k] + (bias != NULL ? bias[o + k] : 0);
                for (j = i; j < inputs; ++j) {
                    /* |x + offset| <= 65535 and |w| <= 32768: each product fits in int32 */
                    sum += (int64_t)(((int32_t)x[j] + params->input_offset) * (int32_t)w[j]);
                }
                y[o + k] = dlnet_wide_row_output(sum, params->multipliers[o + k], params->shifts[o + k], params->output_offset,
                                                 params->activation_min, params->activation_max);
            }
        }
    }
    return DLNET_OK;
}
