#include "dlnet_internal.h"

dlnet_status dlnet_fully_connected_s8_s32(int32_t *output, const int8_t *input, const int8_t *weights, const int32_t *bias,
                                          int32_t input_offset, int32_t batch, int32_t inputs, int32_t outputs)
{
    int32_t b;
    int32_t o;
    if (!dlnet_fc_arguments_valid(output, input, weights, batch, inputs, outputs, input_offset)) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (b = 0; b < batch; ++b) {
        const int8_t *x = input + (int64_t)b * inputs;
        int32_t *y = output + (int64_t)b * outputs;
        for (o = 0; o < outputs; ++o) {
            int32_t acc = dlnet_dot_s8(x, weights + (int64_t)o * inputs, inputs, input_offset);
            y[o] = bias != NULL ? acc + bias[o] : acc;
        }
    }
    return DLNET_OK;
}
