#include "dlnet_internal.h"

dlnet_status dlnet_scaled_add_s16(const dlnet_scaled_add_params *params, const int16_t *a, const int16_t *b, int32_t size,
                                  int16_t *output)
{
    int32_t i;
    int32_t c = 0;
    if (params == NULL || a == NULL || b == NULL || output == NULL || size < 0 || params->channels <= 0 ||
        size % params->channels != 0 ||
        !dlnet_valid_channels(params->multipliers_a, params->shifts_a, params->channels, DLNET_MAX_SHIFT) ||
        !dlnet_valid_channels(params->multipliers_b, params->shifts_b, params->channels, DLNET_MAX_SHIFT)) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        const int64_t y = (int64_t)dlnet_multiply_by_quantized_multiplier(a[i], params->multipliers_a[c], params->shifts_a[c]) +
                          dlnet_multiply_by_quantized_multiplier(b[i], params->multipliers_b[c], params->shifts_b[c]);
        output[i] = (int16_t)dlnet_clamp_s64(y, -32768, 32767);
        if (++c == params->channels) {
            c = 0;
        }
    }
    return DLNET_OK;
}
