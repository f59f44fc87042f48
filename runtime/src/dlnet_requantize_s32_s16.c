#include "dlnet_internal.h"

dlnet_status dlnet_requantize_s32_s16(int16_t *output, const int32_t *input, int32_t size, int32_t multiplier, int32_t shift,
                                      int32_t output_offset, int32_t activation_min, int32_t activation_max)
{
    int32_t i;
    if (output == NULL || input == NULL || size < 0 || !dlnet_valid_shift(shift) || activation_min < -32768 ||
        activation_max > 32767 || activation_min > activation_max) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        const int32_t y = dlnet_multiply_by_quantized_multiplier(input[i], multiplier, shift);
        output[i] = (int16_t)dlnet_clamp_s64((int64_t)y + output_offset, activation_min, activation_max);
    }
    return DLNET_OK;
}
