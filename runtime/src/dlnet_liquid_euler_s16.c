#include "dlnet_internal.h"

static int dlnet_euler_channels_valid(const int32_t *multipliers, const int32_t *shifts, int32_t count, int32_t max_shift)
{
    int32_t i;
    if (multipliers == NULL || shifts == NULL) {
        return 0;
    }
    for (i = 0; i < count; ++i) {
        if (shifts[i] < DLNET_MIN_SHIFT || shifts[i] > max_shift) {
            return 0;
        }
    }
    return 1;
}

static int16_t dlnet_euler_saturate16(int64_t x)
{
    return (int16_t)dlnet_clamp_s64(x, -32768, 32767);
}

/* The interpolated int16 table of dlnet_lut_s16 for one value. */
static int16_t dlnet_euler_tanh(int16_t x, const int16_t *table)
{
    const int32_t u = (int32_t)x + 32768;
    const int32_t k = u >> 7;
    const int32_t slope = (int32_t)table[k + 1] - (int32_t)table[k];
    return (int16_t)(table[k] + dlnet_arithmetic_shift_right(slope * (u & 127) + 64, 7));
}

dlnet_status dlnet_liquid_euler_s16(int16_t *output, const int16_t *state, const int16_t *drive, int32_t batch,
                                    const dlnet_liquid_euler_params *params, int16_t *scratch)
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
        !dlnet_euler_channels_valid(params->projection_multipliers, params->projection_shifts, r, DLNET_MAX_WIDE_SHIFT) ||
        !dlnet_euler_channels_valid(params->expansion_multipliers, params->expansion_shifts, h, DLNET_MAX_WIDE_SHIFT) ||
        !dlnet_euler_channels_valid(params->diagonal_multipliers, params->diagonal_shifts, h, DLNET_MAX_SHIFT) ||
        !dlnet_euler_channels_valid(params->decay_multipliers, params->decay_shifts, h, DLNET_MAX_SHIFT) ||
        !dlnet_euler_channels_valid(params->drive_multipliers, params->drive_shifts, h, DLNET_MAX_SHIFT)) {
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
            t = dlnet_euler_tanh(pre, params->tanh_table);
            /* x[j] is read before y[j] is written: the output may alias the state */
            y[j] = dlnet_euler_saturate16(
                (int64_t)dlnet_multiply_by_quantized_multiplier(x[j], params->decay_multipliers[j], params->decay_shifts[j]) +
                dlnet_multiply_by_quantized_multiplier(t, params->drive_multipliers[j], params->drive_shifts[j]));
        }
    }
    return DLNET_OK;
}
