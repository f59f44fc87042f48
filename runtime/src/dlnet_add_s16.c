#include "dlnet_internal.h"

dlnet_status dlnet_add_s16(int16_t *output, const int16_t *a, const int16_t *b, int32_t size)
{
    int32_t i;
    if (output == NULL || a == NULL || b == NULL || size < 0) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        output[i] = (int16_t)dlnet_clamp_s64((int64_t)a[i] + b[i], -32768, 32767);
    }
    return DLNET_OK;
}
