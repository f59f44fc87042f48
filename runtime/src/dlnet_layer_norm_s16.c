#include "dlnet_layer_norm.h"

dlnet_status dlnet_layer_norm_s16(int16_t *output, const int16_t *input, int32_t batch, const dlnet_layer_norm_params *params)
{
    if (output == NULL || input == NULL || batch < 0 || !dlnet_layer_norm_params_valid(params, -32768, 32767)) {
        return DLNET_ERROR_ARGUMENT;
    }
    dlnet_layer_norm_rows(output, 2, input, batch, params);
    return DLNET_OK;
}
