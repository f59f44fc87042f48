#include "dlnet_internal.h"

static int16_t dlnet_euler_saturate16(int64_t x)
{
    return (int16_t)dlnet_clamp_s64(x, -32768, 32767);
}

dlnet_status dlnet_liquid_euler_s16(const dlnet_liquid_euler_params *params, const int16_t *state, const int16_t *drive,
                                    int32_t batch, int16_t *scratch, int16_t *output)
{
    int32_t b;
    int32_t j;
    int32_t k;
    int32_t h;
    int32_t r;
    if (output == NULL || state == NULL || drive == NULL || scratch == NULL || params == NULL || batch < 0) {
        return DLNET_ERROR_ARGUMENT;
    }
    h = params->hidden;
    r = params->rank;
    if (h < 1 || r < 1 || r > h || params->projection_weights == NULL || params->expansion_weights == NULL ||
        params->tanh_table == NULL ||
        !dlnet_valid_channels(params->projection_multipliers, params->projection_shifts, r, DLNET_MAX_WIDE_SHIFT) ||
        !dlnet_valid_channels(params->expansion_multipliers, params->expansion_shifts, h, DLNET_MAX_WIDE_SHIFT) ||
        !dlnet_valid_channels(params->diagonal_multipliers, params->diagonal_shifts, h, DLNET_MAX_SHIFT) ||
        !dlnet_valid_channels(params->decay_multipliers, params->decay_shifts, h, DLNET_MAX_SHIFT) ||
        !dlnet_valid_channels(params->drive_multipliers, params->drive_shifts, h, DLNET_MAX_SHIFT)) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (b = 0; b < batch; ++b) {
        const int16_t *x = state + (int64_t)b * h;
        int16_t *y = output + (int64_t)b * h;
        for (k = 0; k < r; ++k) {
            const int16_t *w = params->projection_weights + (int64_t)k * h;
            int64_t acc = 0;
            for (j = 0; j < h; ++j) {
                acc += (int32_t)x[j] * (int32_t)w[j];
            }
            scratch[k] = dlnet_euler_saturate16(dlnet_multiply_by_quantized_multiplier_s64(acc, params->projection_multipliers[k],
                                                                                         params->projection_shifts[k]));
        }
        for (j = 0; j < h; ++j) {
            const int16_t *w = params->expansion_weights + (int64_t)j * r;
            int64_t acc = 0;
            int16_t coupling;
            int16_t pre;
            int16_t t;
            for (k = 0; k < r; ++k) {
                acc += (int32_t)scratch[k] * (int32_t)w[k];
            }
            coupling = dlnet_euler_saturate16((int64_t)dlnet_multiply_by_quantized_multiplier_s64(
                                                  acc, params->expansion_multipliers[j], params->expansion_shifts[j]) +
                                              drive[b]);
            pre = dlnet_euler_saturate16((int64_t)dlnet_multiply_by_quantized_multiplier(
                                             x[j], params->diagonal_multipliers[j], params->diagonal_shifts[j]) +
                                         coupling);
            t = dlnet_lut_s16_value(params->tanh_table, pre);
            /* x[j] is read before y[j] is written: the output may alias the state */
            y[j] = dlnet_euler_saturate16(
                (int64_t)dlnet_multiply_by_quantized_multiplier(x[j], params->decay_multipliers[j], params->decay_shifts[j]) +
                dlnet_multiply_by_quantized_multiplier(t, params->drive_multipliers[j], params->drive_shifts[j]));
        }
    }
    return DLNET_OK;
}
