#include "dlnet_internal.h"

dlnet_status dlnet_fully_connected_s16(int16_t *output, const int16_t *input, const int16_t *weights, const int64_t *bias,
                                       const int32_t *multipliers, const int32_t *shifts, const dlnet_fc_params *params,
                                       int32_t batch, int32_t inputs, int32_t outputs)
{
    int32_t b;
    int32_t o;
    int32_t i;
    if (output == NULL || input == NULL || weights == NULL || params == NULL || multipliers == NULL || shifts == NULL ||
        batch < 0 || inputs < 0 || outputs < 0 || params->input_offset < -32767 || params->input_offset > 32768 ||
        params->activation_min < -32768 || params->activation_max > 32767 ||
        params->activation_min > params->activation_max) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (o = 0; o < outputs; ++o) {
        if (shifts[o] < DLNET_MIN_SHIFT || shifts[o] > DLNET_MAX_WIDE_SHIFT ||
            (bias != NULL && (bias[o] < -((int64_t)1 << 47) || bias[o] > ((int64_t)1 << 47)))) {
            return DLNET_ERROR_ARGUMENT;
        }
    }
    for (b = 0; b < batch; ++b) {
        const int16_t *x = input + (int64_t)b * inputs;
        int16_t *y = output + (int64_t)b * outputs;
        for (o = 0; o < outputs; ++o) {
            const int16_t *w = weights + (int64_t)o * inputs;
            int64_t acc = bias != NULL ? bias[o] : 0;
            int32_t scaled;
            for (i = 0; i < inputs; ++i) {
                /* |x + offset| <= 65535 and |w| <= 32768: each product fits in int32 */
                acc += (int64_t)(((int32_t)x[i] + params->input_offset) * (int32_t)w[i]);
            }
            scaled = dlnet_multiply_by_quantized_multiplier_s64(acc, multipliers[o], shifts[o]);
            y[o] = (int16_t)dlnet_clamp_s64((int64_t)scaled + params->output_offset, params->activation_min, params->activation_max);
        }
    }
    return DLNET_OK;
}
