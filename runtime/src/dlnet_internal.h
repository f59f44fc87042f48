/* What the kernels share beyond the fixed-point primitives: argument checks, the DSP switch, the table lookup. */
#ifndef DLNET_INTERNAL_H
#define DLNET_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include "dlnet_fixed_point.h"
#include "dlnet_runtime.h"

#if defined(__ARM_FEATURE_DSP) && !defined(DLNET_NO_DSP)
#include <arm_acle.h>
#define DLNET_USE_DSP 1
/* An inner loop kept out of its caller, so that its accumulators get the registers (-Os would inline and spill them). */
#define DLNET_INNER_LOOP __attribute__((noinline))

/*
 * Bytes 1 and 3 of x sign-extended into halfwords (plus a's halfwords, for SXTAB16): SXTB16 with its own ROR #8, one
 * instruction where __sxtb16(x >> 8) takes two (the compiler does not fold the shift into the builtin).
 */
static inline int32_t dlnet_sxtb16_ror8(uint32_t x)
{
    int32_t result;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(result) : "r"(x));
    return result;
}

static inline int32_t dlnet_sxtab16_ror8(int32_t a, uint32_t x)
{
    int32_t result;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(result) : "r"(a), "r"(x));
    return result;
}

/* Halfword 0 of a with halfword 0 of b above it (PKHBT, LSL #16): the even inputs of two int16 pairs. */
static inline int32_t dlnet_pack_low_halves(uint32_t a, uint32_t b)
{
    int32_t result;
    __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(result) : "r"(a), "r"(b));
    return result;
}

/* Halfword 1 of a with halfword 1 of b above it (PKHTB, ASR #16): the odd inputs of two int16 pairs. */
static inline int32_t dlnet_pack_high_halves(uint32_t a, uint32_t b)
{
    int32_t result;
    __asm__("pkhtb %0, %2, %1, asr #16" : "=r"(result) : "r"(a), "r"(b));
    return result;
}
#endif

/* Exponent ranges of the two requantisations (FixedPoint.MinShift, MaxShift, MaxWideShift). */
#define DLNET_MIN_SHIFT (-31)
#define DLNET_MAX_SHIFT 30
#define DLNET_MAX_WIDE_SHIFT 15

static inline int dlnet_valid_input_offset(int32_t offset)
{
    return offset >= -127 && offset <= 128;
}

static inline int dlnet_valid_clamp(int32_t activation_min, int32_t activation_max, int32_t lo, int32_t hi)
{
    return activation_min >= lo && activation_max <= hi && activation_min <= activation_max;
}

/* Non-null multipliers and shifts, every shift in [-31, max_shift]. */
static inline int dlnet_valid_channels(const int32_t *multipliers, const int32_t *shifts, int32_t count, int32_t max_shift)
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

/* The 64-bit fully connected layers' bias: absent, or every value within [-2^47, 2^47]. */
static inline int dlnet_valid_wide_bias(const int64_t *bias, int32_t count)
{
    int32_t i;
    for (i = 0; bias != NULL && i < count; ++i) {
        if (bias[i] < -((int64_t)1 << 47) || bias[i] > ((int64_t)1 << 47)) {
            return 0;
        }
    }
    return 1;
}

/* The arguments the int16-input fully connected kernels share: weights, non-negative sizes, one multiplier and shift per
   output up to DLNET_MAX_WIDE_SHIFT, an int16 clamp and biases within 2^47. */
static inline int dlnet_valid_wide_layer(const void *weights, int32_t inputs, int32_t outputs, const int64_t *bias,
                                         const int32_t *multipliers, const int32_t *shifts, int32_t activation_min,
                                         int32_t activation_max)
{
    return weights != NULL && inputs >= 0 && outputs >= 0 &&
           dlnet_valid_channels(multipliers, shifts, outputs, DLNET_MAX_WIDE_SHIFT) &&
           dlnet_valid_clamp(activation_min, activation_max, -32768, 32767) && dlnet_valid_wide_bias(bias, outputs);
}

/* x + offset clamped to [lo, hi], for any int32 x and offset (lo and hi within int32). */
static inline int32_t dlnet_add_clamp(int32_t x, int32_t offset, int32_t lo, int32_t hi)
{
#ifdef DLNET_USE_DSP
    const int32_t y = __qadd(x, offset); /* saturates at the ends of int32, which clamp to lo or hi anyway */
    return y < lo ? lo : (y > hi ? hi : y);
#else
    return dlnet_clamp_s64((int64_t)x + offset, lo, hi);
#endif
}

/* One output of the 64-bit fully connected layers: the sum requantised with one rounding, offset and clamped. */
static inline int16_t dlnet_wide_row_output(int64_t sum, int32_t multiplier, int32_t shift, int32_t output_offset, int32_t lo, int32_t hi)
{
    return (int16_t)dlnet_add_clamp(dlnet_multiply_by_quantized_multiplier_s64(sum, multiplier, shift), output_offset, lo, hi);
}

/* The interpolated table of dlnet_lut_s16 at one value: |x| (|-32768| read as 32767) in the table, the result negated
   for x < 0 (saturated, for tables holding -32768). The rounded step is at most |slope|, so it cannot overflow. */
static inline int16_t dlnet_lut_s16_value(const int16_t *table, int16_t x)
{
    const int32_t u = x < 0 ? (x == -32768 ? 32767 : -(int32_t)x) : (int32_t)x; /* [0, 32767] */
    const int32_t k = u >> 7;                                                   /* segment [0, 255] */
    const int32_t slope = (int32_t)table[k + 1] - (int32_t)table[k];
    const int32_t y = table[k] + dlnet_arithmetic_shift_right(slope * (u & 127) + 64, 7);
    return (int16_t)(x < 0 ? (y == -32768 ? 32767 : -y) : y);
}

#endif /* DLNET_INTERNAL_H */
