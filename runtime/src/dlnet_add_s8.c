#include "dlnet_internal.h"

dlnet_status dlnet_add_s8(int8_t *output, const int8_t *input1, const int8_t *input2, int32_t size,
                          const dlnet_add_s8_params *params)
{
    int32_t i;
    if (output == NULL || input1 == NULL || input2 == NULL || params == NULL || size < 0 ||
        !dlnet_valid_input_offset(params->input1_offset) || !dlnet_valid_input_offset(params->input2_offset) ||
        !dlnet_valid_s8_zero_point(params->output_offset) || params->left_shift < 0 || params->left_shift > 22 ||
        !dlnet_valid_shift(params->input1_shift) || !dlnet_valid_shift(params->input2_shift) ||
        !dlnet_valid_shift(params->output_shift) || params->activation_min < -128 || params->activation_max > 127 ||
        params->activation_min > params->activation_max) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        /* |x + offset| <= 255, so the shifted values stay below 2^30 */
        const int32_t a = ((int32_t)input1[i] + params->input1_offset) * ((int32_t)1 << params->left_shift);
        const int32_t b = ((int32_t)input2[i] + params->input2_offset) * ((int32_t)1 << params->left_shift);
        const int64_t sum = (int64_t)dlnet_multiply_by_quantized_multiplier(a, params->input1_multiplier, params->input1_shift) +
                            dlnet_multiply_by_quantized_multiplier(b, params->input2_multiplier, params->input2_shift);
        const int32_t y = dlnet_multiply_by_quantized_multiplier(dlnet_clamp_s64(sum, INT32_MIN, INT32_MAX),
                                                                 params->output_multiplier, params->output_shift);
        output[i] = (int8_t)dlnet_clamp_s64((int64_t)y + params->output_offset, params->activation_min, params->activation_max);
    }
    return DLNET_OK;
}
