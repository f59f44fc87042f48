#include "dlnet_internal.h"

dlnet_status dlnet_requantize_offset_s16(int8_t *output, const int16_t *input, int32_t size, int32_t input_offset,
                                         int32_t multiplier, int32_t shift, int32_t output_offset,
                                         int32_t activation_min, int32_t activation_max)
{
    int32_t i;
    if (output == NULL || input == NULL || size < 0 || input_offset < -65535 || input_offset > 65535 ||
        !dlnet_valid_shift(shift) || activation_min < -128 || activation_max > 127 || activation_min > activation_max) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        const int32_t scaled = dlnet_multiply_by_quantized_multiplier((int32_t)input[i] + input_offset, multiplier, shift);
        output[i] = (int8_t)dlnet_clamp_s64((int64_t)scaled + output_offset, activation_min, activation_max);
    }
    return DLNET_OK;
}
