#include "dlnet_internal.h"

/*
 * floor((correction 2^row_shift + sum_i anchors[i] l[i] + 2^31) / 2^32) + offset, saturated to int16: one multiply-
 * accumulate chain (the product by 2^row_shift is a multiply too), then the high word. In units of 2^-32 output codes
 * |correction 2^31| < 2^62 and each anchor product is below 2^46.
 */
static inline int16_t dlnet_forecast_value(int32_t correction, int32_t row_shift, const int32_t *anchors, const int32_t *l,
                                           int32_t anchor_count, int32_t offset)
{
    int64_t sum = (int64_t)correction * (int64_t)((uint32_t)1 << row_shift) + ((int64_t)1 << 31);
    int32_t i;
    if (anchor_count == 3) { /* the quadratic's three anchors: unrolled */
        sum += (int64_t)anchors[0] * l[0] + (int64_t)anchors[1] * l[1] + (int64_t)anchors[2] * l[2];
    } else {
        for (i = 0; i < anchor_count; ++i) {
            sum += (int64_t)anchors[i] * l[i];
        }
    }
    return (int16_t)dlnet_clamp_s64(dlnet_floor_shift_s64(sum, 32) + offset, -32768, 32767); /* any int32 offset */
}

#ifdef DLNET_USE_DSP
/* Inputs up to which the DSP path unpacks the activations once per call (on the stack: 2 bytes each). */
#define DLNET_FORECAST_UNPACKED_INPUTS 128

/*
 * The activations (x + offset) as halfword pairs in the order SXTB16 unpacks a weight word: (x[4k], x[4k + 2]) then
 * (x[4k + 1], x[4k + 3]). When n is not a multiple of 4 the last word of a row is read at byte n - 4 (in bounds for
 * n >= 4), so its pairs hold 0 for the 4 - n mod 4 inputs the previous word already counted. Returns the words per row.
 */
static int32_t dlnet_forecast_unpack(const int8_t *x, int32_t n, int32_t offset, int32_t *pairs)
{
    const int32_t offset_pair = (int32_t)(((uint32_t)(uint16_t)offset << 16) | (uint32_t)(uint16_t)offset);
    const int32_t full = n / 4;
    int32_t k;
    for (k = 0; k < full; ++k) {
        uint32_t xw;
        memcpy(&xw, x + 4 * k, sizeof xw);
        pairs[2 * k] = __sxtab16(offset_pair, (int32_t)xw);
        pairs[2 * k + 1] = dlnet_sxtab16_ror8(offset_pair, xw);
    }
    if (n % 4 != 0) {
        int32_t v[4];
        int32_t t;
        for (t = 0; t < 4; ++t) {
            v[t] = t < 4 - n % 4 ? 0 : (int32_t)x[n - 4 + t] + offset;
        }
        pairs[2 * full] = (int32_t)(((uint32_t)(uint16_t)v[2] << 16) | (uint32_t)(uint16_t)v[0]);
        pairs[2 * full + 1] = (int32_t)(((uint32_t)(uint16_t)v[3] << 16) | (uint32_t)(uint16_t)v[1]);
        return full + 1;
    }
    return full;
}

/*
 * One row's value from its dot product acc: dlnet_forecast_value for three anchors in 32-bit multiply-accumulates.
 * X = acc 2^s + sum_i a_i l_i is UMLAL of acc's bits by 2^s (2^31 included) less 2^s 2^32 when acc < 0, where the
 * unsigned reading is acc + 2^32 (one MLA by acc >> 31 = -1), plus one SMLAL per anchor; |X| < 2^62 + 3 2^46. With
 * X = hi 2^32 + lo, lo unsigned, floor((X + 2^31) / 2^32) = hi + (lo >= 2^31): the rounding term is lo's top bit.
 */
static inline __attribute__((always_inline)) int16_t dlnet_forecast_row(int32_t acc, int32_t s, const int32_t *l, int32_t a0,
                                                                        int32_t a1, int32_t a2, int32_t offset)
{
    const uint32_t scale = (uint32_t)1 << s;
    uint64_t x = (uint64_t)(uint32_t)acc * scale + ((uint64_t)((uint32_t)(acc >> 31) * scale) << 32);
    x += (uint64_t)((int64_t)a0 * l[0]) + (uint64_t)((int64_t)a1 * l[1]) + (uint64_t)((int64_t)a2 * l[2]);
    /* QADD saturates at the ends of int32, beyond which SSAT saturates anyway: any int32 offset */
    return (int16_t)__ssat(__qadd((int32_t)((uint32_t)(x >> 32) + ((uint32_t)x >> 31)), offset), 16);
}

/*
 * The rows with a bias and three anchors, for activations unpacked into words weight words of pairs; inlined with a
 * constant words for the common widths, so that the loop over the words unrolls into immediate offsets. The full words
 * are read from the row's start and the last one at 4 bytes before the next row (byte inputs - 4, see
 * dlnet_forecast_unpack), so one pointer walks the weights.
 */
static inline __attribute__((always_inline)) void dlnet_forecast_rows(const int32_t *pairs, int32_t words,
                                                                      const dlnet_forecast_params *params,
                                                                      const int16_t *anchors, int32_t offset, int16_t *output)
{
    const int8_t *w = params->weights;
    const int32_t *bias = params->bias;
    const int32_t *shifts = params->row_shifts;
    const int32_t *l = params->interpolation;
    const int32_t inputs = params->inputs;
    const int32_t a0 = anchors[0];
    const int32_t a1 = anchors[1];
    const int32_t a2 = anchors[2];
    int16_t *const end = output + params->size;
    while (output < end) {
        int32_t acc = *bias++;
        uint32_t ww;
        int32_t k;
#pragma GCC unroll 8
        for (k = 0; k < words - 1; ++k) {
            memcpy(&ww, w + 4 * k, sizeof ww);
            acc = __smlad(pairs[2 * k], __sxtb16((int32_t)ww), acc);
            acc = __smlad(pairs[2 * k + 1], dlnet_sxtb16_ror8(ww), acc);
        }
        w += inputs;
        memcpy(&ww, w - 4, sizeof ww);
        acc = __smlad(pairs[2 * words - 2], __sxtb16((int32_t)ww), acc);
        acc = __smlad(pairs[2 * words - 1], dlnet_sxtb16_ror8(ww), acc);
        *output++ = dlnet_forecast_row(acc, *shifts++, l, a0, a1, a2, offset);
        l += 3;
    }
}

/* The DSP path: 4 to DLNET_FORECAST_UNPACKED_INPUTS inputs, a bias and three anchors; one to four words specialised. */
static void dlnet_forecast_dsp(const dlnet_forecast_params *params, const int8_t *activations, const int16_t *anchors,
                               int32_t offset, int16_t *output)
{
    int32_t pairs[DLNET_FORECAST_UNPACKED_INPUTS / 2];
    const int32_t words = dlnet_forecast_unpack(activations, params->inputs, params->input_offset, pairs);
    switch (words) {
    case 1: dlnet_forecast_rows(pairs, 1, params, anchors, offset, output); break;
    case 2: dlnet_forecast_rows(pairs, 2, params, anchors, offset, output); break;
    case 3: dlnet_forecast_rows(pairs, 3, params, anchors, offset, output); break;
    case 4: dlnet_forecast_rows(pairs, 4, params, anchors, offset, output); break;
    default: dlnet_forecast_rows(pairs, words, params, anchors, offset, output); break;
    }
}
#endif

dlnet_status dlnet_forecast_s8_s16(const dlnet_forecast_params *params, const int8_t *activations, const int16_t *anchors,
                                   int32_t offset, int16_t *output)
{
    const int8_t *w;
    const int32_t *l;
    int32_t inputs;
    int32_t count;
    int32_t f;
    int32_t a[16]; /* the anchors, widened once */
    uint32_t shifts_out_of_range = 0;
    if (output == NULL || activations == NULL || params == NULL || params->weights == NULL || params->row_shifts == NULL ||
        params->inputs < 0 || params->size < 0 || params->anchor_count < 0 || params->anchor_count > 16 ||
        !dlnet_valid_input_offset(params->input_offset) ||
        (params->anchor_count > 0 && (anchors == NULL || params->interpolation == NULL))) {
        return DLNET_ERROR_ARGUMENT;
    }
    for (f = 0; f < params->size; ++f) {
        shifts_out_of_range |= (uint32_t)params->row_shifts[f] > 31u; /* a negative shift is large unsigned */
    }
    if (shifts_out_of_range) {
        return DLNET_ERROR_ARGUMENT;
    }
    w = params->weights;
    l = params->interpolation;
    inputs = params->inputs;
    count = params->anchor_count;
    for (f = 0; f < 16; ++f) {
        a[f] = f < count ? anchors[f] : 0;
    }
#ifdef DLNET_USE_DSP
    if (inputs >= 4 && inputs <= DLNET_FORECAST_UNPACKED_INPUTS && count == 3 && params->bias != NULL) {
        dlnet_forecast_dsp(params, activations, anchors, offset, output);
        return DLNET_OK;
    }
#endif
    for (f = 0; f < params->size; ++f) {
        int32_t acc = params->bias != NULL ? params->bias[f] : 0;
        int32_t i;
        for (i = 0; i < inputs; ++i) {
            acc += ((int32_t)activations[i] + params->input_offset) * (int32_t)w[i];
        }
        output[f] = dlnet_forecast_value(acc, params->row_shifts[f], a, l, count, offset);
        w += inputs;
        l += count;
    }
    return DLNET_OK;
}
