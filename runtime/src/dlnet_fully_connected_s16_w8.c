#include "dlnet_internal.h"

#ifdef DLNET_USE_DSP
/*
 * Four inputs of x against four int8 weights of each of two rows: the weights sign-extend into the pairs (w0, w2) and
 * (w1, w3) (SXTB16, SXTB16 ROR #8), the inputs are paired to match once for both rows (x0, x2) and (x1, x3) (PKHBT,
 * PKHTB), and each pair is two products of one SMLALD. The pointers step on.
 */
#define DLNET_DOT2_S16_W8_QUAD()                                                                                       \
    do {                                                                                                               \
        memcpy(&x01, x, sizeof x01);                                                                                   \
        memcpy(&x23, x + 2, sizeof x23);                                                                               \
        memcpy(&ww0, w0, sizeof ww0);                                                                                  \
        memcpy(&ww1, w1, sizeof ww1);                                                                                  \
        x += 4;                                                                                                        \
        w0 += 4;                                                                                                       \
        w1 += 4;                                                                                                       \
        x02 = dlnet_pack_low_halves(x01, x23);                                                                         \
        x13 = dlnet_pack_high_halves(x01, x23);                                                                        \
        acc0 = __smlald(x02, __sxtb16((int32_t)ww0), acc0);                                                            \
        acc0 = __smlald(x13, dlnet_sxtb16_ror8(ww0), acc0);                                                            \
        acc1 = __smlald(x02, __sxtb16((int32_t)ww1), acc1);                                                            \
        acc1 = __smlald(x13, dlnet_sxtb16_ror8(ww1), acc1);                                                            \
    } while (0)

/* sum x w for two rows over quads (4 inputs) of the row; the accumulators are this function's own, in registers. */
DLNET_INNER_LOOP static void dlnet_dot2_s16_w8(const int16_t *x, const int8_t *w0, const int8_t *w1, int32_t quads, int64_t *dot0,
                                               int64_t *dot1)
{
    int64_t acc0 = 0;
    int64_t acc1 = 0;
    const int16_t *end = x + 4 * quads;
    uint32_t x01;
    uint32_t x23;
    uint32_t ww0;
    uint32_t ww1;
    int32_t x02;
    int32_t x13;
    while (x < end) {
        DLNET_DOT2_S16_W8_QUAD();
    }
    *dot0 = acc0;
    *dot1 = acc1;
}
#endif

dlnet_status dlnet_fully_connected_s16_w8(const dlnet_fully_connected_s16_w8_params *params, const int16_t *input, int32_t batch,
                                          int16_t *output)
{
    int32_t b;
    int32_t o;
    int32_t inputs;
    int32_t outputs;
    const int64_t *bias;
    if (params == NULL || input == NULL || output == NULL || batch < 0 || !dlnet_valid_wide_layer(params->weights, params->inputs, params->outputs, params->bias, params->multipliers, params->shifts,
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
            const int8_t *w0 = params->weights + (int64_t)o * inputs;
            const int8_t *w1 = rows == 2 ? w0 + inputs : w0;
            int64_t acc[2];
            int32_t i = 0;
            int32_t k;
            acc[0] = 0;
            acc[1] = 0;
#ifdef DLNET_USE_DSP
            /* The second row repeats the first when there is only one, and is dropped. */
            dlnet_dot2_s16_w8(x, w0, w1, inputs / 4, &acc[0], &acc[1]);
            i = inputs & ~3;
#endif
            for (k = 0; k < rows; ++k) {
                const int8_t *w = k == 0 ? w0 : w1;
                int32_t j;
                int64_t sum = acc[k] + (bias != NULL ? bias[o + k] : 0);
                for (j = i; j < inputs; ++j) {
                    sum += (int32_t)x[j] * (int32_t)w[j];
                }
                y[o + k] = dlnet_wide_row_output(sum, params->multipliers[o + k], params->shifts[o + k], params->output_offset,
                                                 params->activation_min, params->activation_max);
            }
        }
    }
    return DLNET_OK;
}
