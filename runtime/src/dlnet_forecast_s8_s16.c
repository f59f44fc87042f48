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

/* The head's constants for one call, read by the two-row loop at fixed offsets from one register. */
typedef struct {
    int32_t anchors[3]; /* byte 0 */
    int32_t offset;     /* 12 */
    int32_t end;        /* 16: the output address the loop stops at (addresses are 32 bits on the M4) */
    int32_t inputs;     /* 20 */
    int32_t full_words; /* 24: weight words per row before the last one */
    int32_t l;          /* 28: where the loop keeps the interpolation pointer while its register counts words */
    int32_t last[2];    /* 32: the last word's pairs */
    int32_t pairs[DLNET_FORECAST_UNPACKED_INPUTS / 2]; /* 40: the unpacked activations */
} dlnet_forecast_block;

/*
 * Two rows per iteration, in assembly so that the thirteen values the loop moves stay in registers (the compiler spills
 * them at -Os). The full words, at least one (rows of one word run in C), are counted down by k (the sum does not
 * depend on their order; k borrows l's register while l waits in the block): LDRD of the word's two activation pairs,
 * loaded once for both rows, then per row the weight word at w + 4k, SXTB16 of its bytes 0 and 2 and (ROR #8) 1 and 3,
 * two SMLADs. Row 0's last word is read 4 bytes before row 1, row 1's 4 bytes before the next pair of rows. Each row
 * then ends as dlnet_forecast_row: UMULL by 2^s and MLA of the sign, three SMLALs, the rounding bit, QADD, SSAT.
 */
#define DLNET_HEAD_MAC(acc, w, at)                                                                                     \
    "ldr %[ww], [%[" w "], " at "]\n\t"                                                                                \
    "sxtb16 %[t], %[ww]\n\t"                                                                                           \
    "smlad %[" acc "], %[p0], %[t], %[" acc "]\n\t"                                                                    \
    "sxtb16 %[t], %[ww], ror #8\n\t"                                                                                   \
    "smlad %[" acc "], %[p1], %[t], %[" acc "]\n\t"
#define DLNET_HEAD_ANCHOR(at)                                                                                          \
    "ldr %[ww], [%[l]], #4\n\t"                                                                                        \
    "ldr %[t], [%[c], #" at "]\n\t"                                                                                    \
    "smlal %[p0], %[p1], %[ww], %[t]\n\t"
#define DLNET_HEAD_ROW(acc)                                                                                            \
    "ldrb %[ww], [%[shifts]], #1\n\t"                                                                                  \
    "mov %[t], #1\n\t"                                                                                                 \
    "lsl %[t], %[t], %[ww]\n\t"                                                                                        \
    "umull %[p0], %[p1], %[" acc "], %[t]\n\t"                                                                         \
    "asr %[" acc "], %[" acc "], #31\n\t"                                                                              \
    "mla %[p1], %[" acc "], %[t], %[p1]\n\t" DLNET_HEAD_ANCHOR("0") DLNET_HEAD_ANCHOR("4") DLNET_HEAD_ANCHOR("8")      \
    "add %[p1], %[p1], %[p0], lsr #31\n\t"                                                                             \
    "ldr %[t], [%[c], #12]\n\t"                                                                                        \
    "qadd %[p1], %[p1], %[t]\n\t"                                                                                      \
    "ssat %[p1], #16, %[p1]\n\t"                                                                                       \
    "strh %[p1], [%[out]], #2\n\t"
#define DLNET_HEAD_TWO_ROWS()                                                                                          \
    __asm__ volatile("1:\n\t"                                                                                          \
                     "ldr %[acc0], [%[bias]], #4\n\t"                                                                  \
                     "ldr %[acc1], [%[bias]], #4\n\t"                                                                  \
                     "str %[l], [%[c], #28]\n\t"                                                                       \
                     "ldr %[l], [%[c], #24]\n\t"                                                                       \
                     "2:\n\t"                                                                                          \
                     "subs %[l], %[l], #1\n\t"                                                                         \
                     "add %[t], %[c], %[l], lsl #3\n\t"                                                                \
                     "ldrd %[p0], %[p1], [%[t], #40]\n\t" DLNET_HEAD_MAC("acc0", "w0", "%[l], lsl #2")                 \
                         DLNET_HEAD_MAC("acc1", "w1", "%[l], lsl #2")                                                  \
                     "bne 2b\n\t"                                                                                      \
                     "ldrd %[p0], %[p1], [%[c], #32]\n\t"                                                              \
                     "ldr %[l], [%[c], #28]\n\t" DLNET_HEAD_MAC("acc0", "w1", "#-4")                                   \
                     "ldr %[t], [%[c], #20]\n\t"                                                                       \
                     "add %[w0], %[w1], %[t]\n\t"                                                                      \
                     "add %[w1], %[w0], %[t]\n\t" DLNET_HEAD_MAC("acc1", "w0", "#-4") DLNET_HEAD_ROW("acc0")          \
                         DLNET_HEAD_ROW("acc1")                                                                        \
                     "ldr %[t], [%[c], #16]\n\t"                                                                       \
                     "cmp %[out], %[t]\n\t"                                                                            \
                     "bne 1b\n\t"                                                                                      \
                     : [acc0] "=&r"(acc0), [acc1] "=&r"(acc1), [ww] "=&r"(ww), [t] "=&r"(t), [p0] "=&r"(p0),          \
                       [p1] "=&r"(p1), [w0] "+&r"(w0), [w1] "+&r"(w1), [bias] "+&r"(bias), [shifts] "+&r"(shifts),     \
                       [l] "+&r"(l), [out] "+&r"(output)                                                               \
                     : [c] "r"(&block)                                                                                 \
                     : "cc", "memory")

/*
 * Rows f in [output, end) with a bias and three anchors, in C: the row left over by the two-row loop, and rows of one
 * word (four inputs). Full words are read from the row's start, the last one 4 bytes before the next row.
 */
static void dlnet_forecast_rows(const dlnet_forecast_block *block, int32_t words, const int8_t *w, const int32_t *bias,
                                const uint8_t *shifts, const int32_t *l, int16_t *output, const int16_t *end)
{
    const int32_t *pairs = block->pairs;
    while (output < end) {
        int32_t acc = *bias++;
        uint32_t ww;
        int32_t k;
        for (k = 0; k < words - 1; ++k) {
            memcpy(&ww, w + 4 * k, sizeof ww);
            acc = __smlad(pairs[2 * k], __sxtb16((int32_t)ww), acc);
            acc = __smlad(pairs[2 * k + 1], dlnet_sxtb16_ror8(ww), acc);
        }
        w += block->inputs;
        memcpy(&ww, w - 4, sizeof ww);
        acc = __smlad(pairs[2 * words - 2], __sxtb16((int32_t)ww), acc);
        acc = __smlad(pairs[2 * words - 1], dlnet_sxtb16_ror8(ww), acc);
        *output++ = dlnet_forecast_row(acc, *shifts++, l, block->anchors[0], block->anchors[1], block->anchors[2],
                                       block->offset);
        l += 3;
    }
}

/* The DSP path: 4 to DLNET_FORECAST_UNPACKED_INPUTS inputs, a bias and three anchors. */
static void dlnet_forecast_dsp(const dlnet_forecast_params *params, const int8_t *activations, const int16_t *anchors,
                               int32_t offset, int16_t *output)
{
    dlnet_forecast_block block;
    const int32_t words = dlnet_forecast_unpack(activations, params->inputs, params->input_offset, block.pairs);
    const int8_t *w0 = params->weights;
    const int8_t *w1 = w0 + params->inputs;
    const int32_t *bias = params->bias;
    const uint8_t *shifts = params->row_shifts;
    const int32_t *l = params->interpolation;
    int16_t *const end = output + params->size;
    int32_t acc0; /* the loop's scratch registers */
    int32_t acc1;
    int32_t ww;
    int32_t t;
    int32_t p0;
    int32_t p1;
    block.anchors[0] = anchors[0];
    block.anchors[1] = anchors[1];
    block.anchors[2] = anchors[2];
    block.offset = offset;
    block.inputs = params->inputs;
    block.full_words = words - 1;
    block.last[0] = block.pairs[2 * words - 2];
    block.last[1] = block.pairs[2 * words - 1];
    block.end = (int32_t)(uintptr_t)(output + (params->size & ~1));
    if (params->size >= 2 && words >= 2) {
        DLNET_HEAD_TWO_ROWS();
    }
    (void)acc0;
    (void)acc1;
    (void)ww;
    (void)t;
    (void)p0;
    (void)p1;
    dlnet_forecast_rows(&block, words, w0, bias, shifts, l, output, end);
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
    const uint8_t *shifts;
    uint32_t shift_bits = 0;
    if (output == NULL || activations == NULL || params == NULL || params->weights == NULL || params->row_shifts == NULL ||
        params->inputs < 0 || params->size < 0 || params->anchor_count < 0 || params->anchor_count > 16 ||
        !dlnet_valid_input_offset(params->input_offset) ||
        (params->anchor_count > 0 && (anchors == NULL || params->interpolation == NULL))) {
        return DLNET_ERROR_ARGUMENT;
    }
    /* every shift in [0, 31] exactly when no byte of their OR has a bit above 31: a word (four shifts) a step */
    shifts = params->row_shifts;
    for (f = 0; f + 4 <= params->size; f += 4) {
        uint32_t word;
        memcpy(&word, shifts + f, sizeof word);
        shift_bits |= word;
    }
    for (; f < params->size; ++f) {
        shift_bits |= shifts[f];
    }
    if ((shift_bits & 0xE0E0E0E0u) != 0u) {
        return DLNET_ERROR_ARGUMENT;
    }
    w = params->weights;
    l = params->interpolation;
    inputs = params->inputs;
    count = params->anchor_count;
#ifdef DLNET_USE_DSP
    if (inputs >= 4 && inputs <= DLNET_FORECAST_UNPACKED_INPUTS && count == 3 && params->bias != NULL) {
        dlnet_forecast_dsp(params, activations, anchors, offset, output);
        return DLNET_OK;
    }
#endif
    for (f = 0; f < 16; ++f) {
        a[f] = f < count ? anchors[f] : 0;
    }
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
