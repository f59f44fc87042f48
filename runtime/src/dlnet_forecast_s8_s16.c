#include "dlnet_internal.h"

/* Inputs up to which the DSP path unpacks the activations once per call (on the stack: 2 bytes each). */
#define DLNET_FORECAST_UNPACKED_INPUTS 128

/* floor((correction 2^row_shift + sum_i anchors[i] l[i] + 2^31) / 2^32) + offset, saturated to int16. */
static int16_t dlnet_forecast_value(int32_t correction, int32_t row_shift, const int16_t *anchors, const int32_t *l,
                                    int32_t anchor_count, int32_t offset)
{
    /* in units of 2^-32 output codes: |correction 2^31| < 2^62, each anchor product below 2^46 */
    int64_t sum = (int64_t)correction * (int64_t)((uint32_t)1 << row_shift) + ((int64_t)1 << 31);
    int32_t i;
    for (i = 0; i < anchor_count; ++i) {
        sum += (int64_t)anchors[i] * l[i];
    }
    return (int16_t)dlnet_clamp_s64(dlnet_floor_shift_s64(sum, 32) + offset, -32768, 32767); /* floor: the high word */
}

dlnet_status dlnet_forecast_s8_s16(const dlnet_forecast_params *params, const int8_t *activations, const int16_t *anchors,
                                   int32_t offset, int16_t *output)
{
    const int8_t *w;
    const int32_t *l;
    int32_t inputs;
    int32_t count;
    int32_t f;
#ifdef DLNET_USE_DSP
    /* (x + offset) of inputs 4k and 4k + 2, then of 4k + 1 and 4k + 3, as halfword pairs: unpacked once, used by every row */
    int32_t pairs[DLNET_FORECAST_UNPACKED_INPUTS / 2];
    int32_t unpacked = 0;
#endif
    if (output == NULL || activations == NULL || params == NULL || params->weights == NULL || params->row_shifts == NULL ||
        params->inputs < 0 || params->size < 0 || params->anchor_count < 0 || params->anchor_count > 16 ||
        !dlnet_valid_input_offset(params->input_offset) ||
        (params->anchor_count > 0 && (anchors == NULL || params->interpolation == NULL))) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (f = 0; f < params->size; ++f) {
        if (params->row_shifts[f] < 0 || params->row_shifts[f] > 31) {
            return DLNET_ERROR_ARGUMENT;
        }
    }
    w = params->weights;
    l = params->interpolation;
    inputs = params->inputs;
    count = params->anchor_count;
#ifdef DLNET_USE_DSP
    if (inputs <= DLNET_FORECAST_UNPACKED_INPUTS) {
        const int32_t offset_pair =
            (int32_t)(((uint32_t)(uint16_t)params->input_offset << 16) | (uint32_t)(uint16_t)params->input_offset);
        for (; unpacked + 4 <= inputs; unpacked += 4) {
            uint32_t xw;
            memcpy(&xw, activations + unpacked, sizeof xw);
            pairs[unpacked / 2] = __sxtab16(offset_pair, (int32_t)xw);
            pairs[unpacked / 2 + 1] = __sxtab16(offset_pair, (int32_t)(xw >> 8));
        }
    }
#endif
    for (f = 0; f < params->size; ++f) {
        int32_t acc = params->bias != NULL ? params->bias[f] : 0;
        int32_t i = 0;
#ifdef DLNET_USE_DSP
        {
            const int32_t *pair = pairs;
            const int32_t *end = pairs + unpacked / 2;
            const int8_t *wp = w;
            while (pair < end) {
                uint32_t ww;
                memcpy(&ww, wp, sizeof ww);
                wp += 4;
                acc = __smlad(pair[0], __sxtb16((int32_t)ww), acc);
                acc = __smlad(pair[1], __sxtb16((int32_t)(ww >> 8)), acc);
                pair += 2;
            }
            i = unpacked;
        }
#endif
        for (; i < inputs; ++i) {
            acc += ((int32_t)activations[i] + params->input_offset) * (int32_t)w[i];
        }
        output[f] = dlnet_forecast_value(acc, params->row_shifts[f], anchors, l, count, offset);
        w += inputs;
        l += count;
    }
    return DLNET_OK;
}
