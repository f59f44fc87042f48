#include "dlnet_internal.h"

dlnet_status dlnet_lut_s8(int8_t *output, const int8_t *input, int32_t size, const int8_t *table)
{
    int32_t i;
    if (output == NULL || input == NULL || table == NULL || size < 0) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        output[i] = table[(int32_t)input[i] + 128];
    }
    return DLNET_OK;
}
