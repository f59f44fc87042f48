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
        for (o = 0; o < outputs; o += 2) {
            int32_t acc[2];
            const int32_t rows = outputs - o >= 2 ? 2 : 1;
            int32_t k;
            dlnet_dot_rows_s8(acc, x, weights + (int64_t)o * inputs, inputs, rows, input_offset);
            for (k = 0; k < rows; ++k) {
                y[o + k] = bias != NULL ? acc[k] + bias[o + k] : acc[k];
            }
        }
    }
    return DLNET_OK;
}
