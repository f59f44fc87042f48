#include "dlnet_internal.h"

dlnet_status dlnet_mul_s8(int8_t *output, const int8_t *input1, const int8_t *input2, int32_t size,
                          const dlnet_mul_s8_params *params)
{
    int32_t i;
    if (output == NULL || input1 == NULL || input2 == NULL || params == NULL || size < 0 ||
        !dlnet_valid_input_offset(params->input1_offset) || !dlnet_valid_input_offset(params->input2_offset) ||
        !dlnet_valid_s8_zero_point(params->output_offset) || !dlnet_valid_shift(params->output_shift) ||
        params->activation_min < -128 || params->activation_max > 127 || params->activation_min > params->activation_max) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        const int32_t product = ((int32_t)input1[i] + params->input1_offset) * ((int32_t)input2[i] + params->input2_offset);
        const int32_t y = dlnet_multiply_by_quantized_multiplier(product, params->output_multiplier, params->output_shift);
        output[i] = (int8_t)dlnet_clamp_s64((int64_t)y + params->output_offset, params->activation_min, params->activation_max);
    }
    return DLNET_OK;
}
