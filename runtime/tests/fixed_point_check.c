/*
 * The 32-bit helpers of the inverse square root against plain references, over their whole argument ranges on a
 * stride (every argument with STRIDE=1): the floor root of [2^28, 2^30) against the digit-by-digit method, round(2^61 / s)
 * for s in [2^30, 2^31) against a 64-bit division, and 1/sqrt(d) against both on powers of two and their neighbours,
 * squares and their neighbours, and scattered d. Prints the count checked and exits non-zero on a mismatch.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dlnet_fixed_point.h"

#ifndef STRIDE
#define STRIDE 61u
#endif

static uint64_t reference_floor_sqrt(uint64_t m)
{
    uint64_t root = 0;
    uint64_t bit = (uint64_t)1 << 62;
    while (bit > m) {
        bit >>= 2;
    }
    while (bit != 0) {
        if (m >= root + bit) {
            m -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    return root;
}

/* InverseSquareRoot.Compute as C# writes it. */
static void reference_inverse_sqrt(int64_t d, int32_t *multiplier, int32_t *shift)
{
    uint64_t m = (uint64_t)d;
    uint64_t s;
    uint64_t q;
    int32_t j = 0;
    while (m < ((uint64_t)1 << 60)) {
        m <<= 2;
        ++j;
    }
    s = reference_floor_sqrt(m);
    q = (((uint64_t)1 << 61) + s / 2u) / s;
    *shift = j - 30;
    if (q == ((uint64_t)1 << 31)) {
        q >>= 1;
        ++*shift;
    }
    *multiplier = (int32_t)q;
}

static long checked;
static long mismatches;

static void check_inverse_sqrt(int64_t d)
{
    int32_t m1;
    int32_t s1;
    int32_t m2;
    int32_t s2;
    if (d < 1 || d >= ((int64_t)1 << 62)) {
        return;
    }
    reference_inverse_sqrt(d, &m1, &s1);
    dlnet_inverse_sqrt_s64(d, &m2, &s2);
    ++checked;
    if (m1 != m2 || s1 != s2) {
        if (mismatches++ < 10) {
            printf("inverse sqrt of %lld: %d 2^%d, expected %d 2^%d\n", (long long)d, m2, s2, m1, s1);
        }
    }
}

int main(void)
{
    uint64_t state = 88172645463325252u;
    uint32_t h;
    uint32_t s;
    int32_t b;
    int32_t k;
    for (h = (uint32_t)1 << 28; h < ((uint32_t)1 << 30); h += STRIDE) {
        ++checked;
        if (dlnet_floor_sqrt_u32(h) != (uint32_t)reference_floor_sqrt(h) && mismatches++ < 10) {
            printf("floor sqrt of %u\n", h);
        }
    }
    for (s = (uint32_t)1 << 30; s < ((uint32_t)1 << 31); s += STRIDE) {
        ++checked;
        if (dlnet_rounded_reciprocal_u32(s) != (uint32_t)((((uint64_t)1 << 61) + s / 2u) / s) && mismatches++ < 10) {
            printf("reciprocal of %u\n", s);
        }
    }
    for (b = 0; b < 62; ++b) {
        for (k = -300; k <= 300; ++k) {
            check_inverse_sqrt(((int64_t)1 << b) + k);
        }
    }
    for (k = 0; k < 100000; ++k) {
        uint64_t r;
        int32_t j;
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        r = state >> 33; /* a root below 2^31 */
        for (j = -2; j <= 2; ++j) {
            check_inverse_sqrt((int64_t)(r * r) + j);
        }
        check_inverse_sqrt((int64_t)(state >> (2 + state % 62)));
    }
    printf("fixed-point check: %ld arguments, %ld mismatches\n", checked, mismatches);
    return mismatches != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
