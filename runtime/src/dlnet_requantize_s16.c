#include "dlnet_internal.h"

dlnet_status dlnet_requantize_s16(const dlnet_requantize_params *params, const int16_t *input, int32_t size,
                                  int8_t *output)
{
    int32_t i;
    if (params == NULL || input == NULL || output == NULL || size < 0 || params->shift < DLNET_MIN_SHIFT ||
        params->shift > DLNET_MAX_SHIFT || !dlnet_valid_clamp(params->activation_min, params->activation_max, -128, 127)) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        const int32_t y = dlnet_multiply_by_quantized_multiplier(input[i], params->multiplier, params->shift);
        output[i] = (int8_t)dlnet_add_clamp(y, params->output_offset, params->activation_min, params->activation_max);
    }
    return DLNET_OK;
}
