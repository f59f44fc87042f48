#include "dlnet_internal.h"

dlnet_status dlnet_scaled_add_s16(int16_t *output, const int16_t *a, const int16_t *b, int32_t size,
                                  const int32_t *multipliers_a, const int32_t *shifts_a,
                                  const int32_t *multipliers_b, const int32_t *shifts_b, int32_t channels)
{
    int32_t i;
    int32_t c = 0;
    if (output == NULL || a == NULL || b == NULL || size < 0 || channels <= 0 || size % channels != 0 ||
        !dlnet_per_channel_valid(multipliers_a, shifts_a, channels) ||
        !dlnet_per_channel_valid(multipliers_b, shifts_b, channels)) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        const int64_t y = (int64_t)dlnet_multiply_by_quantized_multiplier(a[i], multipliers_a[c], shifts_a[c]) +
                          dlnet_multiply_by_quantized_multiplier(b[i], multipliers_b[c], shifts_b[c]);
        output[i] = (int16_t)dlnet_clamp_s64(y, -32768, 32767);
        if (++c == channels) {
            c = 0;
        }
    }
    return DLNET_OK;
}
