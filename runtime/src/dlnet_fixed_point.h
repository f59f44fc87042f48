/*
 * The fixed-point primitives of the kernels, bit for bit those of Dlnet.Quantization.FixedPoint and
 * Dlnet.Quantization.InverseSquareRoot (gemmlowp / TensorFlow Lite definitions, docs/int8-scheme.md section 2).
 * Internal to the runtime: inline so that each kernel compiles them into its own loops, but for the 64-bit
 * requantisation, whose 64-bit shifts make it large: one copy in dlnet_fixed_point.c serves every kernel.
 *
 * C details that keep the two languages identical: no right shift of a negative value, no left shift of a
 * negative value, no signed overflow within the documented ranges, saturation instead of wrap-around.
 */
#ifndef DLNET_FIXED_POINT_H
#define DLNET_FIXED_POINT_H

#include <stdint.h>

/* floor(x / 2^n) without shifting a negative value; n in [0, 63]. */
static inline int64_t dlnet_floor_shift_s64(int64_t x, int32_t n)
{
    return x >= 0 ? (x >> n) : ~(~x >> n);
}

/*
 * a * b / 2^31 rounded to nearest, ties towards +infinity; a = b = INT32_MIN saturates to INT32_MAX. gemmlowp writes
 * it as (ab + nudge) / 2^31 truncated, with nudge 2^30 for ab >= 0 and 1 - 2^30 below; for ab < 0, u = -ab, that is
 * -floor((u + 2^30 - 1) / 2^31) = floor((ab + 2^30) / 2^31), so one floor covers both signs (a multiply-accumulate
 * and the high word on a 32-bit core).
 */
static inline int32_t dlnet_saturating_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    if (a == b && a == INT32_MIN) {
        return INT32_MAX;
    }
    return (int32_t)dlnet_floor_shift_s64((int64_t)a * (int64_t)b + ((int64_t)1 << 30), 31);
}

/* Arithmetic right shift without relying on implementation-defined >> of negative values. */
static inline int32_t dlnet_arithmetic_shift_right(int32_t x, int32_t exponent)
{
    return x >= 0 ? (x >> exponent) : ~(~x >> exponent);
}

/* x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31]. */
static inline int32_t dlnet_rounding_divide_by_power_of_two(int32_t x, int32_t exponent)
{
    const int32_t mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return dlnet_arithmetic_shift_right(x, exponent) + (remainder > threshold ? 1 : 0);
}

/* x * multiplier * 2^(shift - 31); shift in [-31, 30]; a positive shift is applied first, saturated. */
static inline int32_t dlnet_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift)
{
    if (shift > 0) { /* rare: a left shift, saturated */
        int64_t shifted = (int64_t)x * ((int64_t)1 << shift);
        x = shifted > INT32_MAX ? INT32_MAX : (shifted < INT32_MIN ? INT32_MIN : (int32_t)shifted);
        shift = 0;
    }
    return dlnet_rounding_divide_by_power_of_two(dlnet_saturating_rounding_doubling_high_mul(x, multiplier), -shift);
}

/*
 * The 64-bit requantisation of the int16 x int16 kernels, one rounding: floor((x m + 2^(n-1)) / 2^n),
 * n = 31 - shift in [16, 62], saturated to int32; x is clamped to [-2^47, 2^47 - 1] first. Without a
 * 128-bit type, in 32-bit words: x = xh 2^32 + xl (xl the unsigned low word), so x m = T 2^32 + tl with
 * T = xh m + floor(xl m / 2^32) (|T| < 2^47) and tl the low word of xl m. For n >= 32 the low word only
 * decides the carry of the rounding term at n = 32; below, T 2^(32 - n) is exact and the low word adds its part.
 * Defined in dlnet_fixed_point.c.
 */
int32_t dlnet_multiply_by_quantized_multiplier_s64(int64_t x, int32_t multiplier, int32_t shift);

static inline int32_t dlnet_clamp_s64(int64_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : (x > hi ? hi : (int32_t)x);
}


/* Leading zero bits of a non-zero x: CLZ on Arm (one instruction), a binary search elsewhere. */
static inline int32_t dlnet_leading_zeros_u32(uint32_t x)
{
#if defined(__GNUC__)
    return (int32_t)__builtin_clz(x);
#else
    int32_t n = 0;
    int32_t step;
    for (step = 16; step != 0; step >>= 1) {
        if ((x >> (32 - step)) == 0) {
            n += step;
            x <<= step;
        }
    }
    return n;
#endif
}

/*
 * floor(sqrt(h)) for h in [2^28, 2^30), by Newton's iteration x <- floor((x + floor(h / x)) / 2), which from any start at
 * or above the root decreases to it and then stops decreasing. The start (h / t + t) / 2 with t = 2^14 or 2^15 below and
 * above 2^29 is at or above sqrt(h) (arithmetic and geometric means) and within 7% of it: three or four 32-bit divisions.
 */
static inline uint32_t dlnet_floor_sqrt_u32(uint32_t h)
{
    const int32_t half_log = h < ((uint32_t)1 << 29) ? 14 : 15;
    uint32_t x = ((h >> half_log) + ((uint32_t)1 << half_log)) / 2u + 1u; /* + 1: above the root despite the floors */
    for (;;) {
        const uint32_t next = (x + h / x) / 2u;
        if (next >= x) {
            return x;
        }
        x = next;
    }
}

/*
 * floor(sqrt(m)) for m in [2^60, 2^62), exact, as the digit-by-digit method of InverseSquareRoot.FloorSqrt gives it,
 * in 32-bit steps: a = floor(sqrt(m / 2^32)) in [2^14, 2^15), one Newton step from a 2^16 by a 32-bit division (it
 * lands at most a few units above the root: the start is within 2^16 of it, the error after the step below
 * 2^32 / (2 a 2^16) <= 2), then squaring moves it onto the floor.
 */
static inline uint32_t dlnet_floor_sqrt_u64(uint64_t m)
{
    const uint32_t high = (uint32_t)(m >> 32);          /* [2^28, 2^30) */
    const uint32_t a = dlnet_floor_sqrt_u32(high);      /* [2^14, 2^15) */
    const uint32_t rest = high - a * a;                 /* [0, 2a]: rest 2^16 fits 32 bits */
    const uint32_t n = (rest << 16) | ((uint32_t)m >> 16); /* (m - (a 2^16)^2) / 2^16, floored */
    uint64_t s = ((uint64_t)a << 16) + n / (2u * a);
    while (s * s > m) {
        --s;
    }
    while ((s + 1) * (s + 1) <= m) {
        ++s;
    }
    return (uint32_t)s;
}

/*
 * round(2^61 / s) = floor((2^61 + floor(s / 2)) / s) for s in [2^30, 2^31), in (2^30, 2^31], with 32-bit divisions:
 * long division in base 2^16 (Knuth's algorithm D) of the numerator doubled, 2^62 + 2 floor(s / 2), by v = 2 s in
 * [2^31, 2^32), so that v's top digit is at least 2^15 and each estimated quotient digit is at most 2 too large.
 */
static inline uint32_t dlnet_rounded_reciprocal_u32(uint32_t s)
{
    const uint32_t base = (uint32_t)1 << 16;
    const uint32_t v = s << 1;
    const uint32_t v1 = v >> 16;
    const uint32_t v0 = v & 0xFFFFu;
    const uint32_t u1 = (uint32_t)1 << 30; /* the numerator's high word */
    const uint32_t u0 = s & ~(uint32_t)1;  /* and its low word, 2 floor(s / 2) */
    uint32_t q1 = u1 / v1;
    uint32_t rhat = u1 - q1 * v1;
    uint32_t rest;
    uint32_t q0;
    while (q1 >= base || q1 * v0 > ((rhat << 16) | (u0 >> 16))) {
        --q1;
        rhat += v1;
        if (rhat >= base) {
            break;
        }
    }
    rest = (u1 << 16) + (u0 >> 16) - q1 * v; /* below v: the true remainder, computed modulo 2^32 */
    q0 = rest / v1;
    rhat = rest - q0 * v1;
    while (q0 >= base || q0 * v0 > ((rhat << 16) | (u0 & 0xFFFFu))) {
        --q0;
        rhat += v1;
        if (rhat >= base) {
            break;
        }
    }
    return (q1 << 16) + q0;
}

/*
 * 1/sqrt(d) for d in [1, 2^62 - 1] as *multiplier * 2^(*shift - 31), multiplier in [2^30, 2^31) (identical to
 * Dlnet.Quantization.InverseSquareRoot): m = d 4^j in [2^60, 2^62), s = floor(sqrt(m)), round(2^61 / s) 2^(j - 61).
 * j comes from the leading zeros of d (62 bits at most: at least 2), 2j = the even number in {z - 3, z - 2}.
 */
static inline void dlnet_inverse_sqrt_s64(int64_t d, int32_t *multiplier, int32_t *shift)
{
    const uint64_t u = (uint64_t)d;
    const uint32_t high = (uint32_t)(u >> 32);
    const int32_t zeros = high != 0 ? dlnet_leading_zeros_u32(high) : 32 + dlnet_leading_zeros_u32((uint32_t)u);
    const int32_t j = (zeros - 2) / 2;
    uint32_t q = dlnet_rounded_reciprocal_u32(dlnet_floor_sqrt_u64(u << (2 * j)));
    *shift = j - 30;
    if (q == ((uint32_t)1 << 31)) {
        q >>= 1;
        ++*shift;
    }
    *multiplier = (int32_t)q;
}

#endif /* DLNET_FIXED_POINT_H */
