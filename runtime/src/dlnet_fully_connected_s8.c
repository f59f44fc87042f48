#include "dlnet_internal.h"

dlnet_status dlnet_fully_connected_s8(int8_t *output, const int8_t *input, const int8_t *weights, const int32_t *bias,
                                      const int32_t *multipliers, const int32_t *shifts, const dlnet_fc_params *params,
                                      int32_t batch, int32_t inputs, int32_t outputs)
{
    int32_t b;
    int32_t o;
    if (params == NULL || !dlnet_fc_arguments_valid(output, input, weights, batch, inputs, outputs, params->input_offset) ||
        !dlnet_per_channel_valid(multipliers, shifts, outputs) || params->activation_min < -128 ||
        params->activation_max > 127 || params->activation_min > params->activation_max) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (b = 0; b < batch; ++b) {
        const int8_t *x = input + (int64_t)b * inputs;
        int8_t *y = output + (int64_t)b * outputs;
        for (o = 0; o < outputs; o += 2) {
            int32_t acc[2];
            const int32_t rows = outputs - o >= 2 ? 2 : 1;
            int32_t k;
            dlnet_dot_rows_s8(acc, x, weights + (int64_t)o * inputs, inputs, rows, params->input_offset);
            for (k = 0; k < rows; ++k) {
                int32_t sum = bias != NULL ? acc[k] + bias[o + k] : acc[k];
                sum = dlnet_multiply_by_quantized_multiplier(sum, multipliers[o + k], shifts[o + k]);
                y[o + k] = (int8_t)dlnet_clamp_s64((int64_t)sum + params->output_offset, params->activation_min,
                                                  params->activation_max);
            }
        }
    }
    return DLNET_OK;
}
