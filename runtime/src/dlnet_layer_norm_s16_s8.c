#include "dlnet_layer_norm.h"

dlnet_status dlnet_layer_norm_s16_s8(int8_t *output, const int16_t *input, int32_t batch, const dlnet_layer_norm_params *params)
{
    int32_t b;
    int32_t i;
    if (output == NULL || input == NULL || batch < 0 || !dlnet_layer_norm_params_valid(params, -128, 127)) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (b = 0; b < batch; ++b) {
        const int32_t n = params->size;
        const int16_t *x = input + (int64_t)b * n;
        int8_t *y = output + (int64_t)b * n;
        int32_t multiplier;
        int32_t shift;
        const int32_t mean = dlnet_layer_norm_statistics(x, n, params->variance_offset, &multiplier, &shift);
        for (i = 0; i < n; ++i) {
            y[i] = (int8_t)dlnet_layer_norm_feature((int32_t)x[i] - mean, multiplier, shift, params, i);
        }
    }
    return DLNET_OK;
}
