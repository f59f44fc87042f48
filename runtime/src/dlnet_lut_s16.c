#include "dlnet_internal.h"

dlnet_status dlnet_lut_s16(const dlnet_lut_params *params, const int16_t *input, int32_t size, int16_t *output)
{
    int32_t i;
    if (params == NULL || params->table == NULL || input == NULL || output == NULL || size < 0) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; ++i) {
        output[i] = dlnet_lut_s16_value(params->table, input[i]);
    }
    return DLNET_OK;
}
